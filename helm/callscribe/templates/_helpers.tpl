{{/*
Name of the FlinkDeployment and prefix of every object. The operator allows at most 45 characters
(the name becomes the Flink cluster id and a Service name).
*/}}
{{- define "callscribe.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 45 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 45 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "callscribe.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Mount points inside the Flink pods; the job is told them through its config file. */}}
{{- define "callscribe.paths" -}}
jobConfigDir: /opt/callscribe/config
hotwordsDir: /opt/callscribe/hotwords
modelsDir: /opt/callscribe/models
rocksdbDir: /opt/flink/rocksdb
stateDir: /opt/flink/state
kafkaSaslDir: /opt/callscribe/secrets/kafka-sasl
kafkaCaDir: /opt/callscribe/secrets/kafka-ca
kafkaClientDir: /opt/callscribe/secrets/kafka-client
{{- end -}}

{{/* Where checkpoints, savepoints and HA metadata go: s3://bucket/prefix or the shared volume. */}}
{{- define "callscribe.storageBase" -}}
{{- $paths := include "callscribe.paths" . | fromYaml -}}
{{- if eq .Values.storage.type "s3" -}}
{{- $bucket := required "storage.s3.bucket is required with storage.type s3" .Values.storage.s3.bucket -}}
{{- $prefix := trimAll "/" .Values.storage.s3.prefix -}}
{{- if $prefix -}}s3://{{ $bucket }}/{{ $prefix }}{{- else -}}s3://{{ $bucket }}{{- end -}}
{{- else if eq .Values.storage.type "pvc" -}}
file://{{ $paths.stateDir }}
{{- else -}}
{{- fail (printf "storage.type must be s3 or pvc, not %q" .Values.storage.type) -}}
{{- end -}}
{{- end -}}

{{- define "callscribe.stateClaimName" -}}
{{- .Values.storage.pvc.existingClaim | default (printf "%s-state" (include "callscribe.fullname" .)) -}}
{{- end -}}

{{/*
Kafka client settings for the security protocol, as kafka.properties.* job settings. Secrets are
mounted as files and read by Kafka's DirectoryConfigProvider ("${secrets:DIR:FILE}"), so no credential
is written into a ConfigMap or the FlinkDeployment.
*/}}
{{- define "callscribe.kafkaProperties" -}}
{{- $k := .Values.kafka -}}
{{- $paths := include "callscribe.paths" . | fromYaml -}}
{{- $protocol := $k.securityProtocol -}}
{{- if not (has $protocol (list "PLAINTEXT" "SSL" "SASL_PLAINTEXT" "SASL_SSL")) -}}
{{- fail (printf "kafka.securityProtocol must be PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL, not %q" $protocol) -}}
{{- end -}}
{{- $props := dict "security.protocol" $protocol -}}
{{- $usesSecrets := false -}}
{{- if hasPrefix "SASL_" $protocol -}}
{{- $secret := required "kafka.sasl.secretName is required with a SASL_* security protocol" $k.sasl.secretName -}}
{{- $module := "" -}}
{{- if eq $k.sasl.mechanism "PLAIN" -}}
{{- $module = "org.apache.kafka.common.security.plain.PlainLoginModule" -}}
{{- else if has $k.sasl.mechanism (list "SCRAM-SHA-256" "SCRAM-SHA-512") -}}
{{- $module = "org.apache.kafka.common.security.scram.ScramLoginModule" -}}
{{- else -}}
{{- fail (printf "kafka.sasl.mechanism must be PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512, not %q" $k.sasl.mechanism) -}}
{{- end -}}
{{- $_ := set $props "sasl.mechanism" $k.sasl.mechanism -}}
{{- $_ := set $props "sasl.jaas.config" (printf "%s required username=\"${secrets:%s:%s}\" password=\"${secrets:%s:%s}\";" $module $paths.kafkaSaslDir $k.sasl.usernameKey $paths.kafkaSaslDir $k.sasl.passwordKey) -}}
{{- $usesSecrets = true -}}
{{- end -}}
{{- if has $protocol (list "SSL" "SASL_SSL") -}}
{{- if $k.tls.caSecretName -}}
{{- $_ := set $props "ssl.truststore.type" "PEM" -}}
{{- $_ := set $props "ssl.truststore.location" (printf "%s/%s" $paths.kafkaCaDir $k.tls.caKey) -}}
{{- end -}}
{{- if $k.tls.clientSecretName -}}
{{- $_ := set $props "ssl.keystore.type" "PEM" -}}
{{- $_ := set $props "ssl.keystore.certificate.chain" (printf "${secrets:%s:%s}" $paths.kafkaClientDir $k.tls.certificateKey) -}}
{{- $_ := set $props "ssl.keystore.key" (printf "${secrets:%s:%s}" $paths.kafkaClientDir $k.tls.privateKeyKey) -}}
{{- $usesSecrets = true -}}
{{- end -}}
{{- end -}}
{{- if $usesSecrets -}}
{{- $_ := set $props "config.providers" "secrets" -}}
{{- $_ := set $props "config.providers.secrets.class" "org.apache.kafka.common.config.provider.DirectoryConfigProvider" -}}
{{- end -}}
{{- toYaml (mergeOverwrite $props (deepCopy $k.properties)) -}}
{{- end -}}

{{/* The job's config file: job.config with the keys derived from other values on top. */}}
{{- define "callscribe.jobConfig" -}}
{{- $paths := include "callscribe.paths" . | fromYaml -}}
{{- $provider := .Values.inference.provider -}}
{{- if not (has $provider (list "cpu" "cuda" "auto")) -}}
{{- fail (printf "inference.provider must be cpu, cuda or auto, not %q" $provider) -}}
{{- end -}}
{{- $owned := dict
  "kafka" (dict
    "bootstrap-servers" (required "kafka.bootstrapServers is required" .Values.kafka.bootstrapServers)
    "properties" (include "callscribe.kafkaProperties" . | fromYaml))
  "models" (dict "dir" $paths.modelsDir)
  "hotwords" (dict "dir" $paths.hotwordsDir)
  "inference" (dict "provider" $provider)
  "execution" (dict "checkpointing" (dict "interval" .Values.checkpoints.interval)) -}}
{{- toYaml (mergeOverwrite (deepCopy .Values.job.config) $owned) -}}
{{- end -}}

{{/* Model ids the init container fetches. */}}
{{- define "callscribe.modelIds" -}}
{{- if .Values.models.fetch.ids -}}
{{- toJson .Values.models.fetch.ids -}}
{{- else -}}
{{- $recognizer := "moonshine-base" -}}
{{- with .Values.job.config.models -}}{{- with .recognizer -}}{{- $recognizer = . -}}{{- end -}}{{- end -}}
{{- toJson (list $recognizer "silero-vad-v5") -}}
{{- end -}}
{{- end -}}

{{/*
Flink cluster settings: state, checkpoints, HA, metrics and TaskManager memory from the values, then
.Values.flinkConfiguration. Every value a string, as the CRD requires.
*/}}
{{- define "callscribe.flinkConfiguration" -}}
{{- $base := include "callscribe.storageBase" . -}}
{{- $paths := include "callscribe.paths" . | fromYaml -}}
{{- $conf := dict
  "taskmanager.numberOfTaskSlots" (toString .Values.taskManager.slots)
  "taskmanager.memory.task.off-heap.size" (toString .Values.taskManager.nativeMemory)
  "taskmanager.memory.managed.fraction" (toString .Values.taskManager.managedMemoryFraction)
  "state.backend.type" "rocksdb"
  "state.backend.rocksdb.localdir" $paths.rocksdbDir
  "execution.checkpointing.incremental" "true"
  "execution.checkpointing.interval" (toString .Values.checkpoints.interval)
  "execution.checkpointing.num-retained" (toString .Values.checkpoints.retained)
  "execution.checkpointing.externalized-checkpoint-retention" "RETAIN_ON_CANCELLATION"
  "execution.checkpointing.dir" (printf "%s/checkpoints" $base)
  "execution.checkpointing.savepoint-dir" (printf "%s/savepoints" $base)
  "kubernetes.operator.savepoint.history.max.count" (toString .Values.savepoints.maxCount) -}}
{{- with .Values.savepoints.periodicInterval -}}
{{- $_ := set $conf "kubernetes.operator.periodic.savepoint.interval" (toString .) -}}
{{- end -}}
{{- if .Values.highAvailability.enabled -}}
{{- $_ := set $conf "high-availability.type" "kubernetes" -}}
{{- $_ := set $conf "high-availability.storageDir" (printf "%s/ha" $base) -}}
{{- end -}}
{{- if eq .Values.storage.type "s3" -}}
{{- with .Values.storage.s3.endpoint -}}
{{- $_ := set $conf "s3.endpoint" . -}}
{{- end -}}
{{- $_ := set $conf "s3.path.style.access" (toString .Values.storage.s3.pathStyleAccess) -}}
{{- end -}}
{{- if .Values.metrics.prometheus.enabled -}}
{{- $_ := set $conf "metrics.reporter.prom.factory.class" "org.apache.flink.metrics.prometheus.PrometheusReporterFactory" -}}
{{- $_ := set $conf "metrics.reporter.prom.port" (toString .Values.metrics.prometheus.port) -}}
{{- end -}}
{{- range $key, $value := .Values.flinkConfiguration -}}
{{- $_ := set $conf $key (toString $value) -}}
{{- end -}}
{{- toYaml $conf -}}
{{- end -}}

{{/* Pod annotations: a changed job config or hot words file changes the spec, so the operator upgrades the job. */}}
{{- define "callscribe.podAnnotations" -}}
checksum/job-config: {{ include "callscribe.jobConfig" . | sha256sum }}
{{- if .Values.hotwords.restartJobOnChange }}
checksum/hotwords: {{ toJson .Values.hotwords.tenants | sha256sum }}
{{- end }}
{{- if and .Values.metrics.prometheus.enabled .Values.metrics.prometheus.podAnnotations }}
prometheus.io/scrape: "true"
prometheus.io/port: {{ .Values.metrics.prometheus.port | quote }}
{{- end }}
{{- end -}}

{{/* The main container's part shared by JobManager and TaskManagers. */}}
{{- define "callscribe.mainContainerCommon" -}}
{{- $s3 := .Values.storage.s3 -}}
{{- if and (eq .Values.storage.type "s3") $s3.credentialsSecret.name }}
env:
  - name: AWS_ACCESS_KEY_ID
    valueFrom:
      secretKeyRef: {name: {{ $s3.credentialsSecret.name | quote }}, key: {{ $s3.credentialsSecret.accessKeyKey | quote }}}
  - name: AWS_SECRET_ACCESS_KEY
    valueFrom:
      secretKeyRef: {name: {{ $s3.credentialsSecret.name | quote }}, key: {{ $s3.credentialsSecret.secretKeyKey | quote }}}
{{- end }}
{{- if .Values.metrics.prometheus.enabled }}
ports:
  - name: metrics
    containerPort: {{ .Values.metrics.prometheus.port }}
    protocol: TCP
{{- end }}
{{- end -}}

{{/* Volume mounts of the main container shared by JobManager and TaskManagers. */}}
{{- define "callscribe.commonVolumeMounts" -}}
{{- $paths := include "callscribe.paths" . | fromYaml -}}
- {name: job-config, mountPath: {{ $paths.jobConfigDir }}, readOnly: true}
- {name: hotwords, mountPath: {{ $paths.hotwordsDir }}, readOnly: true}
{{- if hasPrefix "SASL_" .Values.kafka.securityProtocol }}
- {name: kafka-sasl, mountPath: {{ $paths.kafkaSaslDir }}, readOnly: true}
{{- end }}
{{- if has .Values.kafka.securityProtocol (list "SSL" "SASL_SSL") }}
{{- if .Values.kafka.tls.caSecretName }}
- {name: kafka-ca, mountPath: {{ $paths.kafkaCaDir }}, readOnly: true}
{{- end }}
{{- if .Values.kafka.tls.clientSecretName }}
- {name: kafka-client, mountPath: {{ $paths.kafkaClientDir }}, readOnly: true}
{{- end }}
{{- end }}
{{- if eq .Values.storage.type "pvc" }}
- {name: state, mountPath: {{ $paths.stateDir }}}
{{- end }}
{{- end -}}

{{- define "callscribe.commonVolumes" -}}
{{- $fullname := include "callscribe.fullname" . -}}
- name: job-config
  configMap: {name: {{ $fullname }}-job-config}
- name: hotwords
  configMap: {name: {{ $fullname }}-hotwords}
{{- if hasPrefix "SASL_" .Values.kafka.securityProtocol }}
- name: kafka-sasl
  secret:
    secretName: {{ .Values.kafka.sasl.secretName }}
    items:
      - {key: {{ .Values.kafka.sasl.usernameKey | quote }}, path: {{ .Values.kafka.sasl.usernameKey | quote }}}
      - {key: {{ .Values.kafka.sasl.passwordKey | quote }}, path: {{ .Values.kafka.sasl.passwordKey | quote }}}
{{- end }}
{{- if has .Values.kafka.securityProtocol (list "SSL" "SASL_SSL") }}
{{- with .Values.kafka.tls.caSecretName }}
- name: kafka-ca
  secret:
    secretName: {{ . }}
    items:
      - {key: {{ $.Values.kafka.tls.caKey | quote }}, path: {{ $.Values.kafka.tls.caKey | quote }}}
{{- end }}
{{- with .Values.kafka.tls.clientSecretName }}
- name: kafka-client
  secret:
    secretName: {{ . }}
    items:
      - {key: {{ $.Values.kafka.tls.certificateKey | quote }}, path: {{ $.Values.kafka.tls.certificateKey | quote }}}
      - {key: {{ $.Values.kafka.tls.privateKeyKey | quote }}, path: {{ $.Values.kafka.tls.privateKeyKey | quote }}}
{{- end }}
{{- end }}
{{- if eq .Values.storage.type "pvc" }}
- name: state
  persistentVolumeClaim: {claimName: {{ include "callscribe.stateClaimName" . }}}
{{- end }}
{{- end -}}

{{- define "callscribe.podSpecCommon" -}}
{{- with .Values.podSecurityContext }}
securityContext:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.image.pullSecrets }}
imagePullSecrets:
  {{- range . }}
  - name: {{ . }}
  {{- end }}
{{- end }}
{{- end -}}
