#!/usr/bin/env bash
# Prints the pipeline's state: connector and task states (and the tables of a running incremental snapshot),
# replication slot lag (bytes of WAL the slot holds on RDS), sink consumer lag (records the S3 sink has not written
# yet) and the newest S3 objects.
# Parts whose tool is missing (psql, aws) are reported as skipped, not as failures.
#
# Options: --namespace NS (default: $CDC_NAMESPACE or cdc-project), --env-file FILE (default .env in the repository
# root; read for the slot name, bucket and database address; values are never printed). Environment: CONNECT_URL
# (default http://localhost:8083), CDC_REDPANDA_NAME, CDC_CONNECT_NAME (the workloads' names, see scripts/lib/cluster.sh).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib/cluster.sh
source "$ROOT/scripts/lib/cluster.sh"
ENV_FILE="$ROOT/.env"

while [ $# -gt 0 ]; do
  case "$1" in
    --namespace) NAMESPACE="${2:?--namespace needs a name}"; shift ;;
    --env-file) ENV_FILE="${2:?--env-file needs a file}"; shift ;;
    -h|--help) script_usage; exit 0 ;;
    *) echo "status.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

# The .env as the config provider reads it (seed README's keys included); a bad or absent file reads as empty.
# shellcheck source-path=SCRIPTDIR source=lib/dotenv.sh
source "$ROOT/scripts/lib/dotenv.sh"
if [ -f "$ENV_FILE" ] && ! { dotenv_parse "$ENV_FILE" && dotenv_seed_keys "$ENV_FILE"; }; then DOTENV=(); fi
env_value() { printf '%s' "${DOTENV[$1]:-}"; }
# True when a section can run: its tool (named $1, command $2) is installed and .env has its key $3; else one
# "skipped:" line saying which is missing.
section_needs() {
  if ! command -v "$2" >/dev/null 2>&1; then echo "skipped: $1 not installed"; return 1; fi
  if [ -z "$(env_value "$3")" ]; then echo "skipped: $3 not found in $ENV_FILE"; return 1; fi
}

echo "== Connectors ($CONNECT_URL)"
# Sink connectors' consumer groups (Connect names them connect-<connector>), for the lag section.
sink_groups=()
if names="$(curl -fsS --max-time 10 "$CONNECT_URL/connectors")"; then
  for name in $(grep -o '"[^"]*"' <<< "$names" | tr -d '"'); do
    status="$(curl -fsS --max-time 10 "$CONNECT_URL/connectors/$name/status" || echo '')"
    # grep finds nothing for a connector without tasks (or an unanswered status): not a reason to stop here.
    connector_state="$(grep -o '"connector":{"state":"[A-Z]*"' <<< "$status" | cut -d'"' -f6 || true)"
    task_states="$(grep -o '"id":[0-9]*,"state":"[A-Z]*"' <<< "$status" | sed 's/"id":\([0-9]*\),"state":"\([A-Z]*\)"/task \1 \2/' | tr '\n' ';' || true)"
    echo "$name: ${connector_state:-UNKNOWN}; ${task_states:-no tasks}"
    if grep -q '"type":"sink"' <<< "$status"; then
      sink_groups+=("connect-$name")
    elif grep -q '"type":"source"' <<< "$status"; then
      # An incremental snapshot (docs/snapshots.md) keeps its tables in the source offsets while it runs.
      offsets="$(curl -fsS --max-time 10 "$CONNECT_URL/connectors/$name/offsets" || echo '')"
      snapshot_tables="$(grep -o 'incremental_snapshot_collections_id\\":\\"[^\\"]*' <<< "$offsets" \
        | sed 's/.*\\"//' | sort -u | tr '\n' ' ' || true)"
      if [ -n "$snapshot_tables" ]; then
        echo "$name: incremental snapshot running: ${snapshot_tables% }"
      fi
    fi
  done
else
  echo "Connect REST API not reachable (kubectl -n $NAMESPACE port-forward svc/$CONNECT_NAME 8083:8083)"
fi

echo "== Replication slot lag"
slot="$(env_value CDC_SLOT_NAME)"
if section_needs psql psql CDC_SLOT_NAME; then
  # psql substitutes :'slot' only in input it reads, not in -c, so the query comes on stdin.
  PGPASSWORD="$(env_value AWS_RDS_PASSWORD)" PGSSLMODE="$(env_value AWS_RDS_SSLMODE)" PGCONNECT_TIMEOUT=10 \
    psql -X -A -t -q -v ON_ERROR_STOP=1 -v slot="$slot" \
    -h "$(env_value AWS_RDS_HOST)" -p "$(env_value AWS_RDS_PORT)" -U "$(env_value AWS_RDS_USER)" \
    -d "$(env_value AWS_RDS_DATABASE)" <<'SQL' || echo "could not query pg_replication_slots (see docs/troubleshooting.md)"
SELECT coalesce(
  (SELECT slot_name || ': ' || CASE WHEN active THEN 'active' ELSE 'inactive' END || ', '
          || pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn) || ' bytes behind'
     FROM pg_replication_slots WHERE slot_name = :'slot'),
  'slot ' || :'slot' || ' not found: the source connector has not created it yet, or CDC_SLOT_NAME is wrong');
SQL
fi

echo "== Sink consumer lag"
if [ "${#sink_groups[@]}" -eq 0 ]; then
  echo "skipped: no sink connector found through the REST API"
elif kubectl get statefulset "$REDPANDA_NAME" --namespace "$NAMESPACE" >/dev/null 2>&1; then
  for group in "${sink_groups[@]}"; do
    kubectl exec "statefulset/$REDPANDA_NAME" --namespace "$NAMESPACE" -- rpk group describe "$group" \
      || echo "could not describe consumer group $group"
  done
else
  echo "skipped: no Redpanda in this release; use your cluster's tools for group(s) ${sink_groups[*]}"
fi

echo "== Newest S3 objects"
bucket="$(env_value S3_BUCKET)"
if section_needs "aws CLI" aws S3_BUCKET; then
  endpoint="$(env_value S3_ENDPOINT)"
  aws s3 ls "s3://$bucket/cdc/" --recursive ${endpoint:+--endpoint-url "$endpoint"} | sort | tail -n 5 \
    || echo "could not list s3://$bucket/cdc/"
fi
