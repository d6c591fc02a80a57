{{/* Chart name, overridable with nameOverride. */}}
{{- define "cdc.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Fully qualified app name; the release name alone when it already contains the chart name. */}}
{{- define "cdc.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "cdc.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels on every object; a component label is added per workload. */}}
{{- define "cdc.labels" -}}
helm.sh/chart: {{ include "cdc.chart" . }}
{{ include "cdc.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: cdc-bundle
{{- end }}

{{/* Selector labels shared by every workload: name and instance (immutable once deployed). Connect and Redpanda
     share both, so each workload's selector adds its app.kubernetes.io/component. */}}
{{- define "cdc.selectorLabels" -}}
app.kubernetes.io/name: {{ include "cdc.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "cdc.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "cdc.connect.fullname" .) .Values.serviceAccount.name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Workload names: connect.name / redpanda.name (the seed README's kafka-connect and redpanda by default, so its
     kubectl commands work as written), or <fullname>-connect / <fullname>-redpanda when set empty. */}}
{{- define "cdc.connect.fullname" -}}
{{- default (printf "%s-connect" (include "cdc.fullname" .)) .Values.connect.name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "cdc.redpanda.fullname" -}}
{{- default (printf "%s-redpanda" (include "cdc.fullname" .)) .Values.redpanda.name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The Secret holding the .env keys: an existing one, or the one this chart creates. */}}
{{- define "cdc.secretName" -}}
{{- if .Values.secret.existingSecret }}
{{- .Values.secret.existingSecret }}
{{- else }}
{{- printf "%s-credentials" (include "cdc.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{/* Bootstrap servers: the bundled Redpanda's pods, or kafka.bootstrapServers. Names relative to the namespace (the
     pod's DNS search path completes them), so the rendered manifests in k8s/ work in any namespace. */}}
{{- define "cdc.bootstrapServers" -}}
{{- if .Values.redpanda.enabled }}
{{- $fn := include "cdc.redpanda.fullname" . }}
{{- $servers := list }}
{{- range $i := until (int .Values.redpanda.replicas) }}
{{- $servers = append $servers (printf "%s-%d.%s-headless:9092" $fn $i $fn) }}
{{- end }}
{{- join "," $servers }}
{{- else }}
{{- required "kafka.bootstrapServers is required when redpanda.enabled=false" .Values.kafka.bootstrapServers }}
{{- end }}
{{- end }}

{{/* Replication factor of Connect's internal topics: min(3, brokers), or the value given. */}}
{{- define "cdc.replicationFactor" -}}
{{- if .Values.connect.replicationFactor }}
{{- .Values.connect.replicationFactor }}
{{- else if .Values.redpanda.enabled }}
{{- min 3 (int .Values.redpanda.replicas) }}
{{- else }}
{{- -1 }}
{{- end }}
{{- end }}

{{/* Redpanda's default topic replication: min(3, brokers). Beyond 3 a replica adds write amplification, not safety
     the chart's users need; replicas is odd (schema), so this is odd too, as Redpanda requires. */}}
{{- define "cdc.redpanda.replication" -}}
{{- min 3 (int .Values.redpanda.replicas) }}
{{- end }}

{{- define "cdc.connectUrl" -}}
{{- printf "http://%s:%d" (include "cdc.connect.fullname" .) (int .Values.connect.service.port) }}
{{- end }}

{{/* Restricted Pod Security Standard: container part. */}}
{{- define "cdc.restrictedContainerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end }}
