# shellcheck shell=bash
# The names the scripts address in the cluster, from the environment or the chart's defaults. Source this file;
# it sets these variables (run.sh resolves NAMESPACE further: --namespace, CDC_NAMESPACE, NAMESPACE in .env) and
# sources cli.sh, the command-line helpers of every script that talks to the cluster (script_usage for --help).
#
#   NAMESPACE      CDC_NAMESPACE, else cdc-project (the seed README's)
#   RELEASE        CDC_RELEASE, else cdc
#   FULLNAME       the chart's object name prefix (cdc.fullname in helm/templates/_helpers.tpl): the release name
#                  when it contains "cdc", else <release>-cdc; CDC_FULLNAME when the chart's fullnameOverride is set
#   REDPANDA_NAME  CDC_REDPANDA_NAME, else redpanda       } the workloads' own names (redpanda.name, connect.name in
#   CONNECT_NAME   CDC_CONNECT_NAME, else kafka-connect   } helm/values.yaml; the seed README's by default)
#   CONNECT_URL    CONNECT_URL, else http://localhost:8083 (kubectl port-forward svc/kafka-connect 8083:8083)
# shellcheck disable=SC2034 # used by the scripts that source this file

NAMESPACE="${CDC_NAMESPACE:-cdc-project}"
RELEASE="${CDC_RELEASE:-cdc}"
case "$RELEASE" in *cdc*) FULLNAME="$RELEASE" ;; *) FULLNAME="$RELEASE-cdc" ;; esac
FULLNAME="${CDC_FULLNAME:-$FULLNAME}"
REDPANDA_NAME="${CDC_REDPANDA_NAME:-redpanda}"
CONNECT_NAME="${CDC_CONNECT_NAME:-kafka-connect}"
CONNECT_URL="${CONNECT_URL:-http://localhost:8083}"

# shellcheck source=scripts/lib/cli.sh
source "$(dirname "${BASH_SOURCE[0]}")/cli.sh"
