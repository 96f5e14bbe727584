{{/*
Image reference: { "imageRoot": .Values.image, "global": .Values.global, "chart": .Chart }
*/}}
{{- define "common.images.image" -}}
{{- $registry := .global.imageRegistry | default "docker.io" -}}
{{- $tag := .imageRoot.tag | default .chart.AppVersion | toString -}}
{{- printf "%s/%s:%s" $registry .imageRoot.repository $tag -}}
{{- end -}}

{{/*
Renders a value that may contain a template: { "value": ..., "context": $ }
*/}}
{{- define "common.tplvalues.render" -}}
{{- if typeIs "string" .value -}}
{{- tpl .value .context -}}
{{- else -}}
{{- tpl (.value | toYaml) .context -}}
{{- end -}}
{{- end -}}

{{- define "common.resources" -}}
{{- if . }}
resources:
{{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}
