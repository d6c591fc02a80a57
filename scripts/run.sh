#!/usr/bin/env bash
# Deploys the CDC bundle (Redpanda + Kafka Connect + connectors) to the current kubectl context with Helm.
#
#   scripts/run.sh                 validate .env, create namespace + Secret, helm upgrade --install, wait, verify
#   scripts/run.sh --dry-run       validate .env and render the chart (helm template); no cluster needed
#   scripts/run.sh --uninstall     helm uninstall and delete the Secret (PVCs and the namespace are kept)
#
# Options: --env-file FILE (default: .env in the repository root), --values FILE (extra values file, e.g.
# helm/values-docker-desktop.yaml), --namespace NS (default cdc), --no-port-forward.
# Environment: CDC_NAMESPACE, CDC_RELEASE (default cdc), CONNECT_LOCAL_PORT (default 8083).
# Running it twice gives the same result: every step is create-or-update.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CHART="$ROOT/helm"
NAMESPACE="${CDC_NAMESPACE:-cdc}"
RELEASE="${CDC_RELEASE:-cdc}"
# Object names as the chart makes them (cdc.fullname in helm/templates/_helpers.tpl): the release name when it
# contains "cdc", else <release>-cdc; CDC_FULLNAME when the chart's fullnameOverride is set.
case "$RELEASE" in *cdc*) FULLNAME="$RELEASE" ;; *) FULLNAME="$RELEASE-cdc" ;; esac
FULLNAME="${CDC_FULLNAME:-$FULLNAME}"
ENV_FILE="$ROOT/.env"
SECRET_NAME="${RELEASE}-credentials"
LOCAL_PORT="${CONNECT_LOCAL_PORT:-8083}"
VALUES=()
MODE=install
PORT_FORWARD=true

usage() { sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) MODE=dry-run ;;
    --uninstall) MODE=uninstall ;;
    --no-port-forward) PORT_FORWARD=false ;;
    --env-file) ENV_FILE="${2:?--env-file needs a file}"; shift ;;
    --values) VALUES+=(--values "${2:?--values needs a file}"); shift ;;
    --namespace) NAMESPACE="${2:?--namespace needs a name}"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

say() { echo "==> $*"; }
fail() { echo "ERROR: $*" >&2; exit 1; }

# The keys the connectors read (${secrets:KEY}); .env.example documents each.
REQUIRED_KEYS=(AWS_RDS_HOST AWS_RDS_PORT AWS_RDS_USER AWS_RDS_PASSWORD AWS_RDS_DATABASE AWS_RDS_SSLMODE
  AWS_RDS_INSTANCE AWS_REGION CDC_TOPIC_PREFIX CDC_SLOT_NAME CDC_PUBLICATION_NAME CDC_TABLES
  S3_BUCKET S3_ENDPOINT S3_PATH_STYLE_ACCESS AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY)

declare -A ENV_VALUES=()

# Reads KEY=VALUE lines without executing the file. Messages name keys, never values.
read_env() {
  [ -f "$ENV_FILE" ] || fail "$ENV_FILE not found: copy .env.example to .env and fill it in"
  local line key value n=0 errors=0
  while IFS= read -r line || [ -n "$line" ]; do
    n=$((n + 1))
    line="${line%$'\r'}"
    case "$line" in ''|'#'*) continue ;; esac
    if [[ ! "$line" =~ ^[A-Za-z_][A-Za-z0-9_]*= ]]; then
      echo ".env line $n: not KEY=VALUE" >&2; errors=$((errors + 1)); continue
    fi
    key="${line%%=*}"
    value="${line#*=}"
    if [[ "$value" =~ ^[\"\'] ]]; then
      echo ".env: $key is quoted; write $key=value without quotes (the Secret would keep them)" >&2
      errors=$((errors + 1))
    fi
    ENV_VALUES["$key"]="$value"
  done < "$ENV_FILE"
  [ "$errors" -eq 0 ] || exit 2
}

validate_env() {
  local errors=() key
  for key in "${REQUIRED_KEYS[@]}"; do
    [ -n "${ENV_VALUES[$key]+set}" ] || errors+=(".env: $key is missing (see .env.example)")
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
  if [ "${#errors[@]}" -gt 0 ]; then
    printf '%s\n' "${errors[@]}" >&2
    exit 2
  fi
  say ".env: ${#REQUIRED_KEYS[@]} keys valid"
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
  if [ "${#VALUES[@]}" -gt 0 ]; then printf '%s\n' "${VALUES[@]}"; fi
}

dry_run() {
  check_tools helm
  read_env
  validate_env
  say "would create namespace $NAMESPACE and Secret $SECRET_NAME with keys: $(printf '%s ' "${!ENV_VALUES[@]}" | tr ' ' '\n' | sort | tr '\n' ' ')"
  say "rendering the chart (helm template)"
  local args=()
  mapfile -t args < <(helm_args)
  helm template "${args[@]}"
}

uninstall() {
  check_tools kubectl helm
  check_cluster
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
  kubectl create secret generic "$SECRET_NAME" --namespace "$NAMESPACE" --from-env-file="$ENV_FILE" \
    --dry-run=client -o yaml | kubectl apply -f - >/dev/null
  say "helm upgrade --install $RELEASE"
  local args=()
  mapfile -t args < <(helm_args)
  helm upgrade --install "${args[@]}" --wait --timeout 15m
  say "waiting for rollouts"
  if kubectl get statefulset "$FULLNAME-redpanda" --namespace "$NAMESPACE" >/dev/null 2>&1; then
    kubectl rollout status "statefulset/$FULLNAME-redpanda" --namespace "$NAMESPACE" --timeout=10m
  fi
  kubectl rollout status "deployment/$FULLNAME-connect" --namespace "$NAMESPACE" --timeout=10m
  if [ "$PORT_FORWARD" = true ]; then
    say "port-forward: Connect's REST API on http://localhost:$LOCAL_PORT"
    local pid_file="${TMPDIR:-/tmp}/cdc-port-forward.pid"
    # A second run replaces the first run's port-forward instead of failing on the busy port; a stale pid file
    # whose number now belongs to another program is ignored.
    local old_pid
    old_pid="$(cat "$pid_file" 2>/dev/null || true)"
    if [ -n "$old_pid" ] && ps -p "$old_pid" -o args= 2>/dev/null | grep -q "port-forward svc/$FULLNAME-connect" \
        && kill "$old_pid" 2>/dev/null; then
      for _ in $(seq 50); do kill -0 "$old_pid" 2>/dev/null || break; sleep 0.2; done
      echo "    stopped the previous port-forward"
    fi
    kubectl port-forward "svc/$FULLNAME-connect" "$LOCAL_PORT:8083" --namespace "$NAMESPACE" >/dev/null 2>&1 &
    echo "$!" > "$pid_file"
    echo "    stop it with: kill $(cat "$pid_file")"
    export CONNECT_URL="http://localhost:$LOCAL_PORT"
    "$ROOT/scripts/verify-deployment.sh" --namespace "$NAMESPACE"
    "$ROOT/scripts/status.sh" --namespace "$NAMESPACE" || true
  else
    say "verify with: scripts/verify-deployment.sh (after kubectl port-forward svc/$FULLNAME-connect $LOCAL_PORT:8083)"
  fi
}

case "$MODE" in
  dry-run) dry_run ;;
  uninstall) uninstall ;;
  install) install ;;
esac
