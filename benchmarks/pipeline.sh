#!/usr/bin/env bash
# The pipeline benchmark (docs/performance.md#the-whole-pipeline): PostgreSQL -> Debezium -> Kafka -> our S3 sink ->
# S3 on this machine with the shipped connectors, side by side with pg_recvlogical on the same WAL range; then
# latency at a steady rate and the initial snapshot. Builds what is missing (reactor build, never mvn install).
# Usage: benchmarks/pipeline.sh [--rebuild] [--changes N] [--latency-seconds S] [--snapshot-rows M]
#        [--phases throughput,latency,snapshot] [--latency-profiles shipped,low-latency] [--jfr FILE.jfr]
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
args=()
rebuild=false
for a in "$@"; do
  case "$a" in (--rebuild) rebuild=true ;; (*) args+=("$a") ;; esac
done

command -v java >/dev/null || { echo "pipeline.sh: java (17+) is not on the PATH" >&2; exit 2; }
cpfile="$root/e2e/target/runtime-classpath.txt"
main="$root/benchmarks/target/classes/io/github/cdcbundle/benchmarks/pipeline/PipelineBenchmark.class"
if $rebuild || [ ! -f "$cpfile" ] || [ ! -f "$main" ] || [ ! -d connect-image/target/plugins ]; then
  command -v mvn >/dev/null || { echo "pipeline.sh: mvn (Maven 3.8+) is not on the PATH" >&2; exit 2; }
  echo "pipeline.sh: building the plugins, the stack and the benchmark (reactor build) ..."
  # the relative outputFile is resolved per module: e2e's runtime classpath lands in e2e/target/
  mvn -B -q -DskipTests package -pl e2e,benchmarks -am dependency:build-classpath \
    -Dmdep.includeScope=runtime -Dmdep.outputFile=target/runtime-classpath.txt
fi

# The worker, the broker and S3Proxy share this JVM (as in the e2e tests); the heap holds all three.
exec java -Xms1g -Xmx3g ${BENCH_JAVA_OPTS:-} \
  -Dcdc.root="$root" \
  -Dcdc.testkit.s3proxy.jar="$root/testkit/target/s3proxy/s3proxy.jar" \
  -Dcdc.start.script="$root/connect-image/docker/start-connect.sh" \
  -Dcdc.iam.policy="$root/docs/iam-policy.json" \
  -Dcdc.docs.rds.setup="$root/docs/rds-setup.md" \
  -Dlog4j2.configurationFile="$root/e2e/src/main/resources/local-pipeline-log4j2.xml" \
  -cp "$root/benchmarks/target/classes:$root/e2e/target/classes:$(cat "$cpfile")" \
  io.github.cdcbundle.benchmarks.pipeline.PipelineBenchmark "${args[@]}"
