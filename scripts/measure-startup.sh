#!/usr/bin/env bash
# Measures Kafka Connect worker start-up (start script launched -> REST API answering) with our plugin folders
# under service_load and hybrid_warn discovery, and with an empty plugin path. Prints a table; see
# docs/performance.md for the numbers we measured. Usage: scripts/measure-startup.sh [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source-path=SCRIPTDIR source=lib/cli.sh
source scripts/lib/cli.sh
case "${1:-}" in
  -h|--help) script_usage; exit 0 ;;
esac
rounds="${1:-5}"
# one reactor run: connect-image is last, so its test classpath is what the file holds at the end
mvn -B -q -pl connect-image -am package dependency:build-classpath -DskipTests -Dmdep.includeScope=test \
  -Dmdep.outputFile="$PWD/connect-image/target/startup-classpath.txt"
cp="connect-image/target/test-classes:$(cat connect-image/target/startup-classpath.txt)"
exec java -Xmx512m -cp "$cp" \
  -Dcdc.plugins=connect-image/target/plugins \
  -Dcdc.start.script=connect-image/docker/start-connect.sh \
  -Dcdc.worker.classpath.file=connect-image/target/worker-classpath.txt \
  -Dlog4j2.configurationFile=connect-image/src/test/resources/log4j2-test.xml \
  io.github.cdcbundle.image.StartupTimer "$rounds"
