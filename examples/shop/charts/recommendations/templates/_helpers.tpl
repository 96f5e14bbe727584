{{- define "recommendations.selector" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "recommendations.labels" -}}
{{ include "recommendations.selector" . }}
app.kubernetes.io/part-of: shop
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
