#!/usr/bin/env bash
# The whole pipeline on this machine, no Docker or Kubernetes: PostgreSQL (demo tables + a change generator) ->
# Debezium -> Kafka -> our S3 sink -> an S3 server whose objects land in ./local-s3/lake/. Prints progress until
# Ctrl-C, then stops everything. Needs Java 17+, Maven and PostgreSQL server binaries (Debian: postgresql-15).
# Usage: scripts/local-pipeline.sh [--seconds N] [--env .env] [--format json|parquet] [--rebuild]
#   --format parquet: the source adds the schema header, the sink writes typed Parquet objects (default json)
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
args=()
rebuild=false
for a in "$@"; do
  case "$a" in (--rebuild) rebuild=true ;; (*) args+=("$a") ;; esac
done

command -v java >/dev/null || { echo "local-pipeline: java (17+) is not on the PATH" >&2; exit 2; }
command -v mvn >/dev/null || { echo "local-pipeline: mvn (Maven 3.8+) is not on the PATH" >&2; exit 2; }

cpfile="$root/e2e/target/local-pipeline-classpath.txt"
if $rebuild || [ ! -f "$cpfile" ] || [ ! -d connect-image/target/plugins ] || [ ! -d e2e/target/classes ]; then
  echo "local-pipeline: building the plugins and the pipeline runner (first run: a few minutes) ..."
  mvn -B -q -DskipTests -pl e2e -am package dependency:build-classpath \
    -Dmdep.includeScope=runtime -Dmdep.outputFile="$cpfile"
fi

exec java -Xmx1500m -XX:+UseSerialGC \
  -Dcdc.root="$root" \
  -Dcdc.testkit.s3proxy.jar="$root/testkit/target/s3proxy/s3proxy.jar" \
  -Dlog4j2.configurationFile="$root/e2e/src/main/resources/local-pipeline-log4j2.xml" \
  -cp "$root/e2e/target/classes:$(cat "$cpfile")" \
  io.github.cdcbundle.e2e.LocalPipeline "${args[@]}"
