{{/* Chart name, at most 63 characters as Kubernetes names allow. */}}
{{- define "interlock.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Full resource name: fullnameOverride, else the release name when it contains the chart name, else <release>-<chart>. */}}
{{- define "interlock.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Labels of every object of the release except the component. */}}
{{- define "interlock.commonLabels" -}}
app.kubernetes.io/name: {{ include "interlock.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* Labels that select the API pods; they never change within a release. The migration Job's pods have component "migration", so no selector of the API matches them. */}}
{{- define "interlock.selectorLabels" -}}
app.kubernetes.io/name: {{ include "interlock.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: api
{{- end -}}

{{/* Labels of the API's objects. */}}
{{- define "interlock.labels" -}}
{{ include "interlock.commonLabels" . }}
app.kubernetes.io/component: api
{{- end -}}

{{- define "interlock.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/* Environment variables read from existing Secrets, shared by the Deployment and the migration Job. */}}
{{- define "interlock.secretEnvVar" -}}
- name: {{ .variable }}
  valueFrom:
    secretKeyRef:
      name: {{ default .defaultSecretName .ref.name | quote }}
      key: {{ .ref.key | quote }}
      optional: {{ .ref.optional }}
{{- end -}}

{{/* Path at which the directory CA bundle is mounted. */}}
{{- define "interlock.caFile" -}}
/etc/interlock/ca/ca.crt
{{- end -}}

{{/* Data of the ConfigMap: the chart's fixed settings, then the user's config map. */}}
{{- define "interlock.configData" -}}
NODE_ENV: "production"
PORT: "8000"
DATA_DIR: "/data"
MIGRATE_ON_START: {{ ternary "false" "true" .Values.migration.enabled | quote }}
{{- if or .Values.directoryCa.secretName .Values.directoryCa.configMapName }}
LDAP_TLS_CA_FILE: {{ include "interlock.caFile" . | quote }}
{{- end }}
{{- range $key, $value := .Values.config }}
{{ $key }}: {{ $value | quote }}
{{- end }}
{{- end -}}
