#!/usr/bin/env bash
# The pipeline benchmark (docs/performance.md#the-whole-pipeline): PostgreSQL -> Debezium -> Kafka -> our S3 sink ->
# S3 on this machine with the shipped connectors, side by side with pg_recvlogical on the same WAL range; then
# latency at a steady rate and the initial snapshot. Builds what is missing (reactor build, never mvn install).
# Usage: benchmarks/pipeline.sh [--rebuild] [--changes N] [--chunk N] [--latency-seconds S] [--rate R]
#        [--latency-profiles shipped,low-latency] [--profile NAME|FILE.json] [--snapshot-rows M]
#        [--phases throughput,latency,snapshot] [--jfr FILE.jfr] [--tables N] [--connectors K] [--sink-tasks T]
# Defaults: 1,000,000 changes in statements of 100,000 (--chunk), 60 s at 1,000 changes/s (--rate) under
# low-latency, a 5,000,000-row snapshot, all three phases, no JFR recording; --rebuild builds again.
# --tables N spreads the same changes over N tables of the same shape (one topic each; statements of at most
# changes/N); --connectors K captures them with K source connectors, each with its own slot and publication over a
# disjoint share of the tables, all feeding the one sink (pg_recvlogical then reads K slots at once); --sink-tasks
# sets the sink's tasks.max. Defaults: 1 table, 1 connector, the sink's tasks.max as shipped.
# --profile applies connectors/profiles/NAME.json (or a file of that shape) over the shipped connectors in every
# phase, the latency profiles on top of it; default shipped (none): one setting at a time can be measured this way.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
# shellcheck source-path=SCRIPTDIR/.. source=scripts/lib/cli.sh
source scripts/lib/cli.sh
program_args pipeline.sh "$@"
cpfile="$root/e2e/target/runtime-classpath.txt"
main="$root/benchmarks/target/classes/io/github/cdcbundle/benchmarks/pipeline/PipelineBenchmark.class"
if $REBUILD || [ ! -f "$cpfile" ] || [ ! -f "$main" ] || [ ! -d connect-image/target/plugins ]; then
  need_tool pipeline.sh mvn "Maven 3.8+"
  echo "pipeline.sh: building the plugins, the stack and the benchmark (reactor build) ..."
  # the relative outputFile is resolved per module: e2e's runtime classpath lands in e2e/target/
  mvn -B -q -DskipTests package -pl e2e,benchmarks -am dependency:build-classpath \
    -Dmdep.includeScope=runtime -Dmdep.outputFile=target/runtime-classpath.txt
fi

# The worker, the broker and S3Proxy share this JVM (as in the e2e tests); the heap holds all three.
# BENCH_JAVA_OPTS: more JVM options, separated by blanks.
read -r -a java_opts <<< "${BENCH_JAVA_OPTS:-}"
exec java -Xms1g -Xmx3g "${java_opts[@]}" \
  -Dcdc.root="$root" \
  -Dcdc.testkit.s3proxy.jar="$root/testkit/target/s3proxy/s3proxy.jar" \
  -Dcdc.start.script="$root/connect-image/docker/start-connect.sh" \
  -Dcdc.iam.policy="$root/docs/iam-policy.json" \
  -Dcdc.docs.rds.setup="$root/docs/rds-setup.md" \
  -Dlog4j2.configurationFile="$root/e2e/src/main/resources/local-pipeline-log4j2.xml" \
  -cp "$root/benchmarks/target/classes:$root/e2e/target/classes:$(cat "$cpfile")" \
  io.github.cdcbundle.benchmarks.pipeline.PipelineBenchmark "${ARGS[@]}"
