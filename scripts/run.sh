#!/usr/bin/env bash
# Deploys the CDC bundle (Redpanda + Kafka Connect + connectors) to the current kubectl context with Helm.
#
#   scripts/run.sh                 validate .env, create namespace + Secret, helm upgrade --install, wait, verify
#   scripts/run.sh --dry-run       validate .env and render the chart (helm template); no cluster needed
#   scripts/run.sh --uninstall     helm uninstall and delete the Secret (PVCs and the namespace are kept)
#
# Options: --env-file FILE (default: .env in the repository root), --values FILE (extra values file; on the
# kubectl context docker-desktop, helm/values-docker-desktop.yaml when none is given), --namespace NS,
# --no-port-forward.
# Namespace: --namespace, else CDC_NAMESPACE, else NAMESPACE in .env, else cdc-project (the seed README's).
# .env may use the seed README's keys (AWS_RDS_ENDPOINT, POSTGRES_TABLE_TO_TRACK, ...) or ours (.env.example);
# REDPANDA_REPLICAS sets the broker count, MAC_LOCAL_IP the address Redpanda's external listener advertises.
# Environment: CDC_NAMESPACE, CDC_RELEASE (default cdc), CONNECT_LOCAL_PORT (default 8083), CDC_REDPANDA_NAME and
# CDC_CONNECT_NAME (the workloads' names when a values file changes redpanda.name or connect.name).
# Running it twice gives the same result: every step is create-or-update.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib/dotenv.sh
source "$ROOT/scripts/lib/dotenv.sh"
# Release and workload names (the seed README's by default, so its kubectl commands work as written); the
# namespace is resolved once .env is read (resolve_namespace).
# shellcheck source-path=SCRIPTDIR source=lib/cluster.sh
source "$ROOT/scripts/lib/cluster.sh"
CHART="$ROOT/helm"
NAMESPACE_FLAG=""
ENV_FILE="$ROOT/.env"
SECRET_NAME="${RELEASE}-credentials"
LOCAL_PORT="${CONNECT_LOCAL_PORT:-8083}"
VALUES=()
MODE=install
PORT_FORWARD=true

while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) MODE=dry-run ;;
    --uninstall) MODE=uninstall ;;
    --no-port-forward) PORT_FORWARD=false ;;
    --env-file) ENV_FILE="${2:?--env-file needs a file}"; shift ;;
    --values) VALUES+=(--values "${2:?--values needs a file}"); shift ;;
    --namespace) NAMESPACE_FLAG="${2:?--namespace needs a name}"; shift ;;
    -h|--help) script_usage; exit 0 ;;
    *) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

say() { echo "==> $*"; }
fail() { echo "ERROR: $*" >&2; exit 1; }

# The keys the connectors read (${secrets:KEY}); .env.example documents each. The seed README's names for them and the
# defaults of the keys it lacks come from scripts/lib/dotenv.sh, the config provider's table in bash.
CONNECTOR_KEYS=(AWS_RDS_HOST AWS_RDS_PORT AWS_RDS_USER AWS_RDS_PASSWORD AWS_RDS_DATABASE AWS_RDS_SSLMODE
  AWS_RDS_INSTANCE AWS_REGION CDC_TOPIC_PREFIX CDC_SLOT_NAME CDC_PUBLICATION_NAME CDC_TABLES
  S3_BUCKET S3_ENDPOINT S3_PATH_STYLE_ACCESS AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY)
declare -A SEED_NAME=([AWS_RDS_HOST]=" or AWS_RDS_ENDPOINT" [AWS_RDS_DATABASE]=" or AWS_RDS_DBNAME"
  [CDC_SLOT_NAME]=" or REPLICATION_SLOT_NAME" [S3_BUCKET]=" or S3_BUCKET_NAME"
  [CDC_TABLES]=" or POSTGRES_SCHEMA_TO_TRACK + POSTGRES_TABLE_TO_TRACK")

declare -A ENV_VALUES=()

# Reads the file with the config provider's rules (never executes it). Messages name keys, never values.
read_env() {
  [ -f "$ENV_FILE" ] || fail "$ENV_FILE not found: copy .env.example to .env and fill it in"
  dotenv_parse "$ENV_FILE" || exit 2
  dotenv_seed_keys "$ENV_FILE" || exit 2
  local key
  for key in "${!DOTENV[@]}"; do ENV_VALUES["$key"]="${DOTENV[$key]}"; done
  resolve_namespace
}

# --namespace, else CDC_NAMESPACE, else the seed's NAMESPACE key, else the seed's namespace.
resolve_namespace() {
  NAMESPACE="${NAMESPACE_FLAG:-${CDC_NAMESPACE:-${ENV_VALUES[NAMESPACE]:-cdc-project}}}"
}

validate_env() {
  local errors=() key
  for key in "${CONNECTOR_KEYS[@]}"; do
    [ -n "${ENV_VALUES[$key]+set}" ] || errors+=(".env: $key${SEED_NAME[$key]:-} is missing (see .env.example)")
  done
  check() { # key, regex, message; an empty value is checked too unless optional
    local k="$1" re="$2" msg="$3"
    [ -n "${ENV_VALUES[$k]+set}" ] || return 0
    [[ "${ENV_VALUES[$k]}" =~ $re ]] || errors+=(".env: $k $msg")
  }
  check AWS_RDS_HOST '^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$' "must be a host name"
  check AWS_RDS_PORT '^[0-9]{1,5}$' "must be a port number (1-65535)"
  if [[ "${ENV_VALUES[AWS_RDS_PORT]:-}" =~ ^[0-9]{1,5}$ ]] \
      && { [ "${ENV_VALUES[AWS_RDS_PORT]}" -lt 1 ] || [ "${ENV_VALUES[AWS_RDS_PORT]}" -gt 65535 ]; }; then
    errors+=(".env: AWS_RDS_PORT must be a port number (1-65535)")
  fi
  check AWS_RDS_USER '^.+$' "must not be empty"
  check AWS_RDS_PASSWORD '^.+$' "must not be empty"
  check AWS_RDS_DATABASE '^.+$' "must not be empty"
  check AWS_RDS_SSLMODE '^(disable|allow|prefer|require|verify-ca|verify-full)$' \
    "must be one of disable, allow, prefer, require, verify-ca, verify-full"
  check AWS_RDS_INSTANCE '^([A-Za-z][A-Za-z0-9-]{0,62})?$' "must be empty or an RDS instance identifier"
  check AWS_REGION '^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]+$' "must be an AWS region such as eu-west-1"
  check CDC_TOPIC_PREFIX '^[A-Za-z0-9_-]+$' "must be letters, digits, _ or - (it starts every topic name)"
  check CDC_SLOT_NAME '^[a-z0-9_]{1,63}$' "must be 1-63 lower-case letters, digits or _ (a PostgreSQL slot name)"
  check CDC_PUBLICATION_NAME '^[A-Za-z_][A-Za-z0-9_]{0,62}$' "must be a PostgreSQL identifier"
  check CDC_TABLES '^[^,[:space:]]+(,[^,[:space:]]+)*$' "must be a comma-separated list of schema.table patterns"
  check S3_BUCKET '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$' \
    "must be a bucket name: 3-63 lower-case letters, digits, . or -"
  if [[ "${ENV_VALUES[S3_BUCKET]:-}" == *..* ]]; then errors+=(".env: S3_BUCKET must not contain '..'"); fi
  check S3_ENDPOINT '^(https?://[^[:space:]]+)?$' "must be empty (AWS S3) or an http(s):// URL"
  check S3_PATH_STYLE_ACCESS '^(true|false)$' "must be true or false"
  if { [ -n "${ENV_VALUES[AWS_ACCESS_KEY_ID]:-}" ] && [ -z "${ENV_VALUES[AWS_SECRET_ACCESS_KEY]:-}" ]; } \
      || { [ -z "${ENV_VALUES[AWS_ACCESS_KEY_ID]:-}" ] && [ -n "${ENV_VALUES[AWS_SECRET_ACCESS_KEY]:-}" ]; }; then
    errors+=(".env: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must both be set, or both empty (IAM role)")
  fi
  # The seed README's keys for the deployment itself.
  check NAMESPACE '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$' "must be a Kubernetes namespace name (lower-case letters, digits, -)"
  check REDPANDA_REPLICAS '^[0-9]*[13579]$' "must be an odd number of brokers (1, 3, 5, ...): a Raft majority needs one"
  check MAC_LOCAL_IP '^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$' \
    "must be the IP address (or host name) your laptop's Kafka clients reach the cluster's node at"
  if [ "${#errors[@]}" -gt 0 ]; then
    printf '%s\n' "${errors[@]}" >&2
    exit 2
  fi
  say ".env: ${#CONNECTOR_KEYS[@]} keys valid"
  check_versions
}

# The seed's DEBEZIUM_CONNECTOR_VERSION / S3_SINK_CONNECTOR_VERSION name the versions its author ran. The image built
# from this repository bakes its own (Debezium from the root pom.xml, our S3 sink at the project version, and
# Confluent's S3 sink at the Dockerfile's CONFLUENT_S3_SINK_VERSION when built with it), and the connector JSON is
# written for those. A seed .env copied word for word must deploy, so a mismatch is one line per key, naming the
# version asked for and the one that runs, and not an error.
check_versions() {
  local debezium project confluent want
  debezium="$(sed -n 's:.*<debezium.version>\(.*\)</debezium.version>.*:\1:p' "$ROOT/pom.xml" | head -n 1)"
  project="$(sed -n '0,/<version>/s:.*<version>\(.*\)</version>.*:\1:p' "$ROOT/pom.xml" | head -n 1)"
  project="${project%-SNAPSHOT}"
  confluent="$(sed -n 's/^ARG CONFLUENT_S3_SINK_VERSION=//p' "$ROOT/connect-image/Dockerfile" | head -n 1)"
  want="${ENV_VALUES[DEBEZIUM_CONNECTOR_VERSION]:-}"
  if [ -n "$want" ] && [ "$want" != "$debezium" ]; then
    echo ".env: DEBEZIUM_CONNECTOR_VERSION is $want but the image bakes Debezium $debezium: $debezium runs (set the line to $debezium to silence this)" >&2
  fi
  want="${ENV_VALUES[S3_SINK_CONNECTOR_VERSION]:-}"
  if [ -n "$want" ] && [ "$want" != "$project" ] && [ "$want" != "$confluent" ]; then
    echo ".env: S3_SINK_CONNECTOR_VERSION is $want but the image bakes our S3 sink $project (Confluent's $confluent only when built with WITH_CONFLUENT_S3_SINK=true): $project runs (set the line to $project to silence this)" >&2
  fi
}

check_tools() {
  local missing=0 tool
  for tool in "$@"; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      case "$tool" in
        kubectl) echo "missing: kubectl (https://kubernetes.io/docs/tasks/tools/; Docker Desktop ships it)" >&2 ;;
        helm) echo "missing: helm 3 (https://helm.sh/docs/intro/install/)" >&2 ;;
        *) echo "missing: $tool" >&2 ;;
      esac
      missing=1
    fi
  done
  [ "$missing" -eq 0 ] || exit 3
}

check_cluster() {
  if ! kubectl version --request-timeout=10s >/dev/null 2>&1; then
    echo "missing: a reachable Kubernetes cluster (kubectl context: $(kubectl config current-context 2>/dev/null || echo none))" >&2
    exit 3
  fi
}

helm_args() {
  printf '%s\n' "$RELEASE" "$CHART" --namespace "$NAMESPACE" --set "secret.existingSecret=$SECRET_NAME"
  if [ "${#VALUES[@]}" -gt 0 ]; then
    printf '%s\n' "${VALUES[@]}"
  elif [ "$(kubectl config current-context 2>/dev/null || true)" = docker-desktop ]; then
    # The seed's user runs ./run.sh with no options on Docker Desktop: one node, the locally built image.
    printf '%s\n' --values "$CHART/values-docker-desktop.yaml"
  fi
  # Set after the values files, so the seed's .env wins over them.
  if [ -n "${ENV_VALUES[REDPANDA_REPLICAS]:-}" ]; then
    printf '%s\n' --set "redpanda.replicas=${ENV_VALUES[REDPANDA_REPLICAS]}"
  fi
  if [ -n "${ENV_VALUES[MAC_LOCAL_IP]:-}" ]; then
    printf '%s\n' --set redpanda.external.enabled=true --set-string "redpanda.external.advertisedHost=${ENV_VALUES[MAC_LOCAL_IP]}"
  fi
}

# The Secret holds exactly the keys the connectors read, each value as the config provider parses it: one file per
# key in a private folder (kubectl's --from-env-file would keep quotes and " # comments" in the values).
secret_folder() {
  local folder key
  folder="$(mktemp -d "${TMPDIR:-/tmp}/cdc-secret.XXXXXX")"
  chmod 700 "$folder"
  for key in "${CONNECTOR_KEYS[@]}"; do
    printf '%s' "${ENV_VALUES[$key]}" > "$folder/$key"
  done
  printf '%s' "$folder"
}

dry_run() {
  check_tools helm
  read_env
  validate_env
  say "would create namespace $NAMESPACE and Secret $SECRET_NAME with keys: ${CONNECTOR_KEYS[*]}"
  say "rendering the chart (helm template)"
  local args=()
  mapfile -t args < <(helm_args)
  helm template "${args[@]}"
}

uninstall() {
  check_tools kubectl helm
  check_cluster
  if [ -f "$ENV_FILE" ] && dotenv_parse "$ENV_FILE" 2>/dev/null; then ENV_VALUES[NAMESPACE]="${DOTENV[NAMESPACE]:-}"; fi
  resolve_namespace
  say "uninstalling release $RELEASE from namespace $NAMESPACE"
  if helm status "$RELEASE" --namespace "$NAMESPACE" >/dev/null 2>&1; then
    helm uninstall "$RELEASE" --namespace "$NAMESPACE" --wait
  else
    say "release $RELEASE is not installed"
  fi
  # Helm does not delete hook objects (the connector ConfigMap, the registration Job and the test pod).
  kubectl delete job,configmap,pod --namespace "$NAMESPACE" --ignore-not-found \
    --selector "app.kubernetes.io/instance=$RELEASE"
  kubectl delete secret "$SECRET_NAME" --namespace "$NAMESPACE" --ignore-not-found
  say "kept: the namespace and Redpanda's PersistentVolumeClaims. Remove them with:"
  echo "    kubectl delete namespace $NAMESPACE"
}

install() {
  check_tools kubectl helm curl
  read_env
  validate_env
  check_cluster
  say "namespace $NAMESPACE"
  kubectl create namespace "$NAMESPACE" --dry-run=client -o yaml | kubectl apply -f -
  say "Secret $SECRET_NAME from $(basename "$ENV_FILE") (values not shown)"
  local secret_dir
  secret_dir="$(secret_folder)"
  # shellcheck disable=SC2064 # the folder is known now; remove it however this function ends
  trap "rm -rf '$secret_dir'" EXIT
  kubectl create secret generic "$SECRET_NAME" --namespace "$NAMESPACE" --from-file="$secret_dir" \
    --dry-run=client -o yaml | kubectl apply -f - >/dev/null
  rm -rf "$secret_dir"
  say "helm upgrade --install $RELEASE"
  local args=()
  mapfile -t args < <(helm_args)
  helm upgrade --install "${args[@]}" --wait --timeout 15m
  say "waiting for rollouts"
  if kubectl get statefulset "$REDPANDA_NAME" --namespace "$NAMESPACE" >/dev/null 2>&1; then
    kubectl rollout status "statefulset/$REDPANDA_NAME" --namespace "$NAMESPACE" --timeout=10m
  fi
  kubectl rollout status "deployment/$CONNECT_NAME" --namespace "$NAMESPACE" --timeout=10m
  if [ "$PORT_FORWARD" = true ]; then
    say "port-forward: Connect's REST API on http://localhost:$LOCAL_PORT"
    local pid_file="${TMPDIR:-/tmp}/cdc-port-forward.pid"
    # A second run replaces the first run's port-forward instead of failing on the busy port; a stale pid file
    # whose number now belongs to another program is ignored.
    local old_pid
    old_pid="$(cat "$pid_file" 2>/dev/null || true)"
    if [ -n "$old_pid" ] && ps -p "$old_pid" -o args= 2>/dev/null | grep -q "port-forward svc/$CONNECT_NAME" \
        && kill "$old_pid" 2>/dev/null; then
      for _ in $(seq 50); do kill -0 "$old_pid" 2>/dev/null || break; sleep 0.2; done
      echo "    stopped the previous port-forward"
    fi
    kubectl port-forward "svc/$CONNECT_NAME" "$LOCAL_PORT:8083" --namespace "$NAMESPACE" >/dev/null 2>&1 &
    echo "$!" > "$pid_file"
    echo "    stop it with: kill $(cat "$pid_file")"
    export CONNECT_URL="http://localhost:$LOCAL_PORT"
    "$ROOT/scripts/verify-deployment.sh" --namespace "$NAMESPACE"
    "$ROOT/scripts/status.sh" --namespace "$NAMESPACE" || true
  else
    say "verify with: scripts/verify-deployment.sh (after kubectl port-forward svc/$CONNECT_NAME $LOCAL_PORT:8083)"
  fi
}

case "$MODE" in
  dry-run) dry_run ;;
  uninstall) uninstall ;;
  install) install ;;
esac
