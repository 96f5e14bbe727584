{{- define "app.fullname" -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "app.probe" -}}
httpGet:
  path: {{ .path }}
  port: http
initialDelaySeconds: {{ .delay | default 5 }}
{{- end -}}
