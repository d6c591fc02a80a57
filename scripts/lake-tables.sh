#!/usr/bin/env bash
# Prints, for each captured table, Athena's CREATE EXTERNAL TABLE for the sink's JSON and Parquet layouts (partition
# projection on the year/month/day/hour folders: no crawler, no MSCK REPAIR TABLE) and the current-state view, typed
# from the newest change's schema header in Kafka with the Parquet writer's own type mapping. See docs/athena.md.
#
# Usage: scripts/lake-tables.sh [--local] --bucket BUCKET
#          --topics-regex REGEX [--format parquet|json]
#          [--dialect athena|duckdb] [--duckdb-root PATH] [--database NAME] [--topics-dir DIR]
#          [--first-year YYYY] [--years N] [--bootstrap-servers HOST:PORT] [--command-config FILE]
# By default it runs inside the Connect deployment (kubectl exec), whose image holds the jars and reaches the
# brokers. --local runs it here, on the plugin folder connect-image builds (mvn -B -pl connect-image -am package
# -DskipTests); CDC_LAKE_CLASSPATH overrides that class path. Environment: CDC_NAMESPACE (default cdc-project),
# CDC_CONNECT_NAME (default kafka-connect).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NAMESPACE="${CDC_NAMESPACE:-cdc-project}"
CONNECT_NAME="${CDC_CONNECT_NAME:-kafka-connect}"
MAIN=io.github.cdcbundle.s3sink.lake.LakeTables
# shellcheck source-path=SCRIPTDIR/.. source=scripts/lib/cli.sh
source "$ROOT/scripts/lib/cli.sh"

local_run=false
args=()
for a in "$@"; do
  case "$a" in
    (-h|--help) script_usage; exit 0 ;;
    (--local) local_run=true ;;
    (*) args+=("$a") ;;
  esac
done

if $local_run; then
  need_tool lake-tables.sh java "17+"
  plugins="$ROOT/connect-image/target"
  cp="${CDC_LAKE_CLASSPATH:-$plugins/plugins/cdc-s3-sink/lib/*:$plugins/kafka-libs/*}"
  exec java -cp "$cp" "$MAIN" "${args[@]}"
fi

need_tool lake-tables.sh kubectl "or use --local"
exec kubectl -n "$NAMESPACE" exec "deployment/$CONNECT_NAME" -- \
  java -cp '/opt/connect/plugins/cdc-s3-sink/lib/*:/opt/connect/kafka-libs/*' "$MAIN" "${args[@]}"
