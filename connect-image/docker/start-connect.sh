#!/usr/bin/env bash
# Renders the Kafka Connect distributed worker's configuration from environment variables and starts the worker.
# The image runs it as its entry point; the tests run the very same script outside Docker (CONNECT_CLASSPATH mode).
#
# Every variable CONNECT_<NAME> becomes the worker property <name>: "_" becomes ".", "__" becomes "_" and "___"
# becomes "-" (CONNECT_CONFIG_PROVIDERS_SECRETS_CLASS -> config.providers.secrets.class). The defaults below apply
# unless a variable overrides them. Values are never printed: they may hold credentials.
#
# Required: CONNECT_BOOTSTRAP_SERVERS.
# Launch: $KAFKA_HOME/bin/connect-distributed.sh when it exists (a Kafka distribution), otherwise
# java -cp "$CONNECT_CLASSPATH" (a Kafka Connect classpath: connect-runtime and its dependencies). The image uses the
# latter, CONNECT_CLASSPATH=/opt/connect/kafka-libs/* (the Kafka jars of our Maven build), as the tests do.
# Metrics: with JMX_EXPORTER_JAR pointing at the Prometheus JMX exporter agent, it serves on JMX_EXPORTER_PORT
# (default 9404) with the rules in JMX_EXPORTER_CONFIG.
# CONNECT_RENDER_ONLY=1 writes the config file and exits without starting the worker.
set -euo pipefail

die() { echo "start-connect: $*" >&2; exit 2; }

[ -n "${CONNECT_BOOTSTRAP_SERVERS:-}" ] || die "CONNECT_BOOTSTRAP_SERVERS is required (the Kafka/Redpanda bootstrap servers, host:port[,host:port])"

group="${CONNECT_GROUP_ID:-cdc-connect}"
rf="${CONNECT_REPLICATION_FACTOR:-1}"
case "$rf" in (-1|[1-9]|[1-9][0-9]) ;; (*) die "CONNECT_REPLICATION_FACTOR must be -1 (the broker's default) or a positive number of replicas, got '$rf'" ;; esac
rest_port="${CONNECT_REST_PORT:-8083}"
case "$rest_port" in (*[!0-9]*|'') die "CONNECT_REST_PORT must be a port number, got '$rest_port'" ;; esac
config_file="${CONNECT_CONFIG_FILE:-${TMPDIR:-/tmp}/connect-distributed-$$.properties}"

declare -A props=(
  [group.id]="$group"
  [config.storage.topic]="${group}-configs"
  [offset.storage.topic]="${group}-offsets"
  [status.storage.topic]="${group}-status"
  [config.storage.replication.factor]="$rf"
  [offset.storage.replication.factor]="$rf"
  [status.storage.replication.factor]="$rf"
  [offset.storage.partitions]="25"
  [status.storage.partitions]="5"
  [key.converter]="org.apache.kafka.connect.json.JsonConverter"
  [value.converter]="org.apache.kafka.connect.json.JsonConverter"
  [key.converter.schemas.enable]="false"
  [value.converter.schemas.enable]="false"
  [listeners]="http://0.0.0.0:${rest_port}"
  [rest.advertised.port]="$rest_port"
  [plugin.path]="/opt/connect/plugins"
  [plugin.discovery]="service_load"
  [offset.flush.interval.ms]="10000"
  # Exactly-once from PostgreSQL to S3 (see connect-image/README.md, "Exactly once and failover"): source tasks write
  # records and their offsets in one Kafka transaction, sink consumers skip aborted transactions.
  [exactly.once.source.support]="enabled"
  [consumer.isolation.level]="read_committed"
  # Failover within seconds instead of minutes: Kafka's defaults keep a dead worker's tasks unassigned for up to 5
  # minutes (scheduled.rebalance.max.delay.ms=300000) and its sink consumers in their groups for 45 s
  # (session.timeout.ms=45000).
  [scheduled.rebalance.max.delay.ms]="10000"
  [consumer.session.timeout.ms]="10000"
  [consumer.heartbeat.interval.ms]="3000"
  [config.providers]="secrets"
  [config.providers.secrets.class]="io.github.cdcbundle.configprovider.SecretsConfigProvider"
  [connector.client.config.override.policy]="All"
)

# CONNECT_* variables that configure this script rather than the worker
skip=" CONNECT_REPLICATION_FACTOR CONNECT_REST_PORT CONNECT_CONFIG_FILE CONNECT_CLASSPATH CONNECT_LOG4J_CONFIG CONNECT_RENDER_ONLY "
while IFS='=' read -r name _; do
  case "$name" in (CONNECT_*) ;; (*) continue ;; esac
  case "$skip" in (*" $name "*) continue ;; esac
  key="${name#CONNECT_}"
  key="${key,,}"
  key="${key//___/-}"
  key="${key//__/@}"
  key="${key//_/.}"
  key="${key//@/_}"
  props[$key]="${!name}"
done < <(env)

umask 077
{
  echo "# rendered by start-connect.sh"
  while IFS= read -r key; do
    value="${props[$key]}"
    value="${value//\\/\\\\}"
    printf '%s=%s\n' "$key" "$value"
  done < <(printf '%s\n' "${!props[@]}" | sort)
} > "$config_file"
echo "start-connect: worker config written to $config_file with keys: $(printf '%s\n' "${!props[@]}" | sort | tr '\n' ' ')"

# The test kit's in-JVM workers take their configuration from here, so they run with what the image runs.
[ -n "${CONNECT_RENDER_ONLY:-}" ] && exit 0

if [ -n "${JMX_EXPORTER_JAR:-}" ] && [ -f "${JMX_EXPORTER_JAR}" ]; then
  export KAFKA_OPTS="${KAFKA_OPTS:-} -javaagent:${JMX_EXPORTER_JAR}=${JMX_EXPORTER_PORT:-9404}:${JMX_EXPORTER_CONFIG:-/opt/connect/jmx-exporter.yml}"
fi

if [ -n "${KAFKA_HOME:-}" ] && [ -x "${KAFKA_HOME}/bin/connect-distributed.sh" ]; then
  exec "${KAFKA_HOME}/bin/connect-distributed.sh" "$config_file"
fi
[ -n "${CONNECT_CLASSPATH:-}" ] || die "neither \$KAFKA_HOME/bin/connect-distributed.sh nor CONNECT_CLASSPATH is available to start the worker"
log4j=()
[ -n "${CONNECT_LOG4J_CONFIG:-}" ] && log4j=("-Dlog4j2.configurationFile=${CONNECT_LOG4J_CONFIG}")
# shellcheck disable=SC2086
exec "${JAVA:-java}" ${KAFKA_HEAP_OPTS:--Xms256m -Xmx1g} ${KAFKA_OPTS:-} "${log4j[@]}" \
  -cp "$CONNECT_CLASSPATH" org.apache.kafka.connect.cli.ConnectDistributed "$config_file"
