#!/usr/bin/env bash
# Checks a deployed CDC bundle: rollouts complete, Connect's REST API answers, every connector and task RUNNING.
# Exit 0 when healthy; otherwise one line per problem and exit 1.
#
# Options: --namespace NS (default: $CDC_NAMESPACE or cdc-project). Environment: CDC_RELEASE (default cdc),
# CONNECT_URL (default http://localhost:8083, e.g. through kubectl port-forward svc/kafka-connect 8083:8083),
# CDC_CONNECTORS (default "debezium-postgres s3-sink"), CDC_FULLNAME, CDC_REDPANDA_NAME, CDC_CONNECT_NAME (the
# chart's object names, see scripts/lib/cluster.sh).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib/cluster.sh
source "$ROOT/scripts/lib/cluster.sh"

while [ $# -gt 0 ]; do
  case "$1" in
    --namespace) NAMESPACE="${2:?--namespace needs a name}"; shift ;;
    -h|--help) script_usage; exit 0 ;;
    *) echo "verify-deployment.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
CONNECTORS="${CDC_CONNECTORS:-debezium-postgres s3-sink}"

problems=0
problem() { echo "FAIL: $*"; problems=$((problems + 1)); }
ok() { echo "ok:   $*"; }

if kubectl get statefulset "$REDPANDA_NAME" --namespace "$NAMESPACE" >/dev/null 2>&1; then
  if kubectl rollout status "statefulset/$REDPANDA_NAME" --namespace "$NAMESPACE" --timeout=120s >/dev/null 2>&1; then
    ok "Redpanda StatefulSet rolled out"
  else
    problem "Redpanda StatefulSet $REDPANDA_NAME is not ready (kubectl -n $NAMESPACE describe statefulset $REDPANDA_NAME)"
  fi
fi
if kubectl rollout status "deployment/$CONNECT_NAME" --namespace "$NAMESPACE" --timeout=120s >/dev/null 2>&1; then
  ok "Connect Deployment rolled out"
else
  problem "Connect Deployment $CONNECT_NAME is not ready (kubectl -n $NAMESPACE logs deployment/$CONNECT_NAME)"
fi

if ! curl -fsS --max-time 10 -o /dev/null "$CONNECT_URL/"; then
  problem "Connect REST API not reachable at $CONNECT_URL (kubectl -n $NAMESPACE port-forward svc/$CONNECT_NAME 8083:8083)"
else
  for name in $CONNECTORS; do
    if ! status="$(curl -fsS --max-time 10 "$CONNECT_URL/connectors/$name/status")"; then
      problem "connector $name is not registered (kubectl -n $NAMESPACE logs job/$FULLNAME-register-connectors)"
      continue
    fi
    states="$(grep -o '"state":"[A-Z]*"' <<< "$status" | cut -d'"' -f4 | tr '\n' ' ')"
    running="$(grep -o '"state":"RUNNING"' <<< "$status" | wc -l)"
    others="$(grep -o '"state":"[A-Z]*"' <<< "$status" | grep -vc '"RUNNING"' || true)"
    if [ "$others" -eq 0 ] && [ "$running" -ge 2 ]; then
      ok "connector $name and its tasks RUNNING"
    else
      problem "connector $name states: ${states:-none} (curl $CONNECT_URL/connectors/$name/status shows the trace)"
    fi
  done
fi

if [ "$problems" -gt 0 ]; then
  echo "$problems problem(s); see docs/troubleshooting.md"
  exit 1
fi
echo "deployment healthy"
