#!/usr/bin/env bash
# Measures Kafka Connect worker start-up (start script launched -> REST API answering) with our plugin folders
# under service_load and hybrid_warn discovery, and with an empty plugin path. Prints a table; see
# docs/performance.md for the numbers we measured. Usage: scripts/measure-startup.sh [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-5}"
mvn -B -q -pl connect-image -am package -Dmaven.test.skip=true
mvn -B -q -pl connect-image test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/startup-classpath.txt -Dmaven.test.skip=false -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
mvn -B -q -pl connect-image dependency:build-classpath@worker-classpath
cp="connect-image/target/test-classes:$(cat connect-image/target/startup-classpath.txt)"
exec java -Xmx512m -cp "$cp" \
  -Dcdc.plugins=connect-image/target/plugins \
  -Dcdc.start.script=connect-image/docker/start-connect.sh \
  -Dcdc.worker.classpath.file=connect-image/target/worker-classpath.txt \
  -Dlog4j2.configurationFile=connect-image/src/test/resources/log4j2-test.xml \
  io.github.cdcbundle.image.StartupTimer "$rounds"
