#!/usr/bin/env bash
# The whole pipeline on this machine, no Docker or Kubernetes: PostgreSQL (demo tables + a change generator) ->
# Debezium -> Kafka -> our S3 sink -> an S3 server whose objects land in ./local-s3/lake/. Prints progress until
# Ctrl-C, then stops everything. Needs Java 17+, Maven and PostgreSQL server binaries (Debian: postgresql-15).
# Usage: scripts/local-pipeline.sh [--seconds N] [--env .env] [--format json|parquet] [--rebuild]
#   --seconds N      stop by itself after N seconds (default: run until Ctrl-C)
#   --env FILE       your own PostgreSQL / RDS and bucket from FILE (.env.example's keys); only Kafka and Connect run
#                    locally (default: everything local, with its own values)
#   --format parquet the source adds the schema header, the sink writes typed Parquet objects (default json)
#   --rebuild        build the plugins and the runner again (default: only what is missing)
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
# shellcheck source-path=SCRIPTDIR source=lib/cli.sh
source scripts/lib/cli.sh
program_args local-pipeline "$@"
need_tool local-pipeline mvn "Maven 3.8+"

cpfile="$root/e2e/target/local-pipeline-classpath.txt"
if $REBUILD || [ ! -f "$cpfile" ] || [ ! -d connect-image/target/plugins ] || [ ! -d e2e/target/classes ]; then
  echo "local-pipeline: building the plugins and the pipeline runner (first run: a few minutes) ..."
  mvn -B -q -DskipTests -pl e2e -am package dependency:build-classpath \
    -Dmdep.includeScope=runtime -Dmdep.outputFile="$cpfile"
fi

exec java -Xmx1500m -XX:+UseSerialGC \
  -Dcdc.root="$root" \
  -Dcdc.testkit.s3proxy.jar="$root/testkit/target/s3proxy/s3proxy.jar" \
  -Dlog4j2.configurationFile="$root/e2e/src/main/resources/local-pipeline-log4j2.xml" \
  -cp "$root/e2e/target/classes:$(cat "$cpfile")" \
  io.github.cdcbundle.e2e.LocalPipeline "${ARGS[@]}"
