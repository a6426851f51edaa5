package io.callscribe.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.callscribe.cli.CallscribeCli;
import io.callscribe.cli.ModelOptions;
import io.callscribe.job.CallscribeJob;
import io.callscribe.job.JobOptions;
import io.callscribe.job.KafkaPipeline;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.ParseResult;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.StreamSupport;

import static io.callscribe.helm.RenderedChart.mainContainer;
import static io.callscribe.helm.RenderedChart.mountPath;
import static io.callscribe.helm.RenderedChart.volume;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * helm/callscribe rendered by Helm itself (helm-java: Helm's Go code as a native library): lint, the
 * FlinkDeployment checked against the operator's CRD schema, and what the pods will see checked
 * with the job's own code: the config file through {@link CallscribeJob#configuration}, the model
 * fetch command through the real command line, the Kafka credentials through Kafka's config provider.
 */
class HelmChartTest {

    private static final Path REPO = Path.of(System.getProperty("callscribe.repoDir", "..")).toAbsolutePath().normalize();
    private static final Path CHART = REPO.resolve("helm/callscribe");
    private static final String[] REQUIRED = {"kafka.bootstrapServers=kafka:9092", "storage.s3.bucket=callscribe-state"};

    private static FlinkDeploymentSchema schema;

    @TempDir
    Path tmp;

    @BeforeAll
    static void loadSchema() {
        schema = FlinkDeploymentSchema.load();
    }

    @Test
    void chartPassesStrictLint() {
        LintResult lint = new Helm(CHART).lint().strict().call();
        assertFalse(lint.isFailed(), String.join("\n", lint.getMessages()));
    }

    @Test
    void defaultsDeployTheJobWithLastStateUpgradesRocksDbOnLocalDiskAndS3Checkpoints() {
        RenderedChart chart = render(null, REQUIRED);
        JsonNode deployment = chart.only("FlinkDeployment");
        assertEquals(List.of(), schema.validate(deployment));

        JsonNode spec = deployment.path("spec");
        assertEquals("calls-callscribe", deployment.at("/metadata/name").asText());
        assertEquals("callscribe:0.1.0", spec.path("image").asText());
        assertEquals("v2_2", spec.path("flinkVersion").asText());
        assertEquals("flink", spec.path("serviceAccount").asText());
        JsonNode job = spec.path("job");
        assertEquals("local:///opt/flink/usrlib/callscribe.jar", job.path("jarURI").asText());
        assertEquals(CallscribeJob.class.getName(), job.path("entryClass").asText());
        assertEquals(2, job.path("parallelism").asInt());
        assertEquals("last-state", job.path("upgradeMode").asText());
        assertEquals("running", job.path("state").asText());
        assertEquals("1", spec.at("/jobManager/resource/cpu").asText());
        assertEquals("2g", spec.at("/jobManager/resource/memory").asText());
        assertEquals("4", spec.at("/taskManager/resource/cpu").asText());
        assertEquals("6g", spec.at("/taskManager/resource/memory").asText());

        JsonNode flink = spec.path("flinkConfiguration");
        flink.fields().forEachRemaining(e -> assertTrue(e.getValue().isTextual(), e.getKey() + " must be a string"));
        assertEquals("2", flink.path("taskmanager.numberOfTaskSlots").asText());
        assertEquals("1536m", flink.path("taskmanager.memory.task.off-heap.size").asText());
        assertEquals("rocksdb", flink.path("state.backend.type").asText());
        assertEquals("true", flink.path("execution.checkpointing.incremental").asText());
        assertEquals("s3://callscribe-state/callscribe/checkpoints", flink.path("execution.checkpointing.dir").asText());
        assertEquals("s3://callscribe-state/callscribe/savepoints", flink.path("execution.checkpointing.savepoint-dir").asText());
        assertEquals("kubernetes", flink.path("high-availability.type").asText());
        assertEquals("s3://callscribe-state/callscribe/ha", flink.path("high-availability.storageDir").asText());
        assertFalse(flink.has("kubernetes.operator.periodic.savepoint.interval"));

        JsonNode taskManager = spec.at("/taskManager/podTemplate");
        assertEquals(flink.path("state.backend.rocksdb.localdir").asText(), mountPath(mainContainer(taskManager), "rocksdb"));
        assertEquals("20Gi", volume(taskManager, "rocksdb").at("/emptyDir/sizeLimit").asText());
        assertEquals("/opt/callscribe/hotwords", mountPath(mainContainer(taskManager), "hotwords"));
        chart.named("ConfigMap", volume(taskManager, "hotwords").at("/configMap/name").asText());
        assertTrue(mainContainer(taskManager).path("resources").isMissingNode(), "no GPU by default");
        assertTrue(taskManager.at("/spec/nodeSelector").isMissingNode());
        assertEveryMountHasAVolume(spec.at("/jobManager/podTemplate"));
        assertEveryMountHasAVolume(taskManager);

        assertTrue(chart.all("ServiceMonitor").isEmpty());
        assertTrue(chart.all("PersistentVolumeClaim").isEmpty());
    }

    @Test
    void jobConfigFileIsReadByTheJobWithTheMountedPaths() throws IOException {
        RenderedChart chart = render(null, REQUIRED);
        JsonNode spec = chart.only("FlinkDeployment").path("spec");
        Configuration conf = jobConfiguration(chart);

        assertEquals("kafka:9092", conf.get(JobOptions.BOOTSTRAP_SERVERS));
        assertEquals(mountPath(mainContainer(spec.at("/taskManager/podTemplate")), "models"), conf.get(JobOptions.MODEL_DIR));
        assertEquals("cpu", conf.get(JobOptions.PROVIDER));
        assertEquals("moonshine-base", conf.get(JobOptions.RECOGNIZER));
        assertEquals("callscribe", conf.get(JobOptions.GROUP_ID));
        assertEquals(Duration.ofSeconds(10), conf.get(CheckpointingOptions.CHECKPOINTING_INTERVAL));
        assertEquals("10 s", spec.at("/flinkConfiguration/execution.checkpointing.interval").asText());
        assertEquals("PLAINTEXT", conf.toMap().get(KafkaPipeline.KAFKA_PROPERTIES_PREFIX + "security.protocol"));
        // A job-level checkpoint location would override the one the operator reads for last-state upgrades.
        assertFalse(conf.contains(CheckpointingOptions.CHECKPOINTS_DIRECTORY));
    }

    @Test
    void modelFetchInitContainerRunsTheRealCommandLineIntoTheModelsVolume() throws IOException {
        RenderedChart chart = render(null, REQUIRED);
        JsonNode spec = chart.only("FlinkDeployment").path("spec");
        JsonNode taskManager = spec.at("/taskManager/podTemplate");
        JsonNode fetch = RenderedChart.element(taskManager.at("/spec/initContainers"), "fetch-models").orElseThrow();
        assertEquals("callscribe:0.1.0-model-fetch", fetch.path("image").asText());

        List<String> commandLine = new ArrayList<>(texts(fetch.path("command")));
        commandLine.addAll(texts(fetch.path("args")));
        String jarInImage = spec.at("/job/jarURI").asText().substring("local://".length());
        assertEquals(List.of("java", "-jar", jarInImage), commandLine.subList(0, 3));
        assertTrue(Files.readString(REPO.resolve("Dockerfile")).contains(" " + jarInImage + "\n"), "the Dockerfile puts the jar at " + jarInImage);

        ParseResult models = CallscribeCli.commandLine().parseArgs(commandLine.subList(3, commandLine.size()).toArray(String[]::new)).subcommand();
        assertEquals("models", models.commandSpec().name());
        Path modelDir = models.matchedOptionValue("--model-dir", null);
        assertEquals(Path.of(mountPath(fetch, "models")), modelDir);
        ParseResult fetchCommand = models.subcommand();
        assertEquals("fetch", fetchCommand.commandSpec().name());
        List<String> ids = fetchCommand.matchedPositionals().get(0).getValue();
        Configuration conf = jobConfiguration(chart);
        assertEquals(List.of(conf.get(JobOptions.RECOGNIZER), ModelOptions.VAD_MODEL), ids);

        // The job reads the models where the init container wrote them, and cannot change them.
        JsonNode jobMount = RenderedChart.element(mainContainer(taskManager).path("volumeMounts"), "models").orElseThrow();
        assertEquals(conf.get(JobOptions.MODEL_DIR), jobMount.path("mountPath").asText());
        assertTrue(jobMount.path("readOnly").asBoolean());
    }

    @Test
    void cudaProviderPutsTaskManagersOnGpuNodesWithTheGpuRequested() throws IOException, URISyntaxException {
        RenderedChart chart = render(variant("cuda-s3-sasl.yaml"));
        JsonNode deployment = chart.only("FlinkDeployment");
        assertEquals(List.of(), schema.validate(deployment));
        JsonNode spec = deployment.path("spec");
        JsonNode taskManager = spec.at("/taskManager/podTemplate");

        assertEquals(1, mainContainer(taskManager).at("/resources/limits/nvidia.com~1gpu").asInt());
        assertEquals("true", taskManager.at("/spec/nodeSelector/nvidia.com~1gpu.present").asText());
        assertEquals("speech", taskManager.at("/spec/nodeSelector/pool").asText(), "the pool's selector is kept");
        assertEquals("nvidia.com/gpu", taskManager.at("/spec/tolerations/0/key").asText());
        JsonNode jobManager = spec.at("/jobManager/podTemplate");
        assertTrue(mainContainer(jobManager).path("resources").isMissingNode(), "the JobManager needs no GPU");
        assertTrue(jobManager.at("/spec/nodeSelector").isMissingNode());

        Configuration conf = jobConfiguration(chart);
        assertEquals("cuda", conf.get(JobOptions.PROVIDER));
        assertEquals("moonshine-tiny", conf.get(JobOptions.RECOGNIZER));
        assertEquals(Double.valueOf(0.7), conf.get(JobOptions.REVIEW_THRESHOLD), "--set from job.extraArgs wins over the file");
        JsonNode fetch = taskManager.at("/spec/initContainers/0");
        assertEquals("registry.example.com/callscribe:0.2.0-model-fetch", fetch.path("image").asText());
        assertEquals(List.of("moonshine-tiny", ModelOptions.VAD_MODEL), texts(fetch.path("args")));
        assertEquals(8, spec.at("/job/parallelism").asInt());
        assertEquals("4", spec.at("/flinkConfiguration/taskmanager.numberOfTaskSlots").asText());
        assertEquals("registry-creds", taskManager.at("/spec/imagePullSecrets/0/name").asText());
    }

    @Test
    void s3CheckpointsUseTheEndpointAndTheKeysFromTheSecret() throws URISyntaxException {
        RenderedChart chart = render(variant("cuda-s3-sasl.yaml"));
        JsonNode spec = chart.only("FlinkDeployment").path("spec");
        JsonNode flink = spec.path("flinkConfiguration");
        assertEquals("s3://flink-state/callscribe/prod/checkpoints", flink.path("execution.checkpointing.dir").asText());
        assertEquals("http://minio.minio:9000", flink.path("s3.endpoint").asText());
        assertEquals("true", flink.path("s3.path.style.access").asText());
        assertEquals("6h", flink.path("kubernetes.operator.periodic.savepoint.interval").asText());
        assertEquals("5 s", flink.path("execution.checkpointing.interval").asText());
        for (String role : List.of("jobManager", "taskManager")) {
            JsonNode env = mainContainer(spec.path(role).path("podTemplate")).path("env");
            for (String variable : List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")) {
                JsonNode ref = RenderedChart.element(env, variable).orElseThrow(() -> new AssertionError(role + " lacks " + variable))
                        .at("/valueFrom/secretKeyRef");
                assertEquals("minio-callscribe", ref.path("name").asText());
                assertEquals(variable, ref.path("key").asText());
            }
        }
    }

    @Test
    void kafkaSaslCredentialsResolveFromTheMountedSecretFiles() throws IOException, URISyntaxException {
        RenderedChart chart = render(variant("cuda-s3-sasl.yaml"));
        JsonNode taskManager = chart.only("FlinkDeployment").at("/spec/taskManager/podTemplate");
        Map<String, String> secretData = Map.of("user", "svc-callscribe", "password", "pa55 word");

        // Lay out the Secret volumes as the kubelet would, each in a folder of its own.
        Map<String, String> mountToFolder = new HashMap<>();
        for (String name : List.of("kafka-sasl", "kafka-ca")) {
            Path folder = Files.createDirectories(tmp.resolve(name));
            mountToFolder.put(mountPath(mainContainer(taskManager), name), folder.toString());
            for (JsonNode item : volume(taskManager, name).at("/secret/items")) {
                Files.writeString(folder.resolve(item.path("path").asText()),
                        secretData.getOrDefault(item.path("key").asText(), "-----BEGIN CERTIFICATE-----"));
            }
        }
        Configuration conf = jobConfiguration(chart);
        Map<String, Object> kafka = new HashMap<>();
        conf.toMap().forEach((key, value) -> {
            if (key.startsWith(KafkaPipeline.KAFKA_PROPERTIES_PREFIX)) {
                String local = value;
                for (Map.Entry<String, String> mount : mountToFolder.entrySet()) {
                    local = local.replace(mount.getKey(), mount.getValue());
                }
                kafka.put(key.substring(KafkaPipeline.KAFKA_PROPERTIES_PREFIX.length()), local);
            }
        });
        kafka.put("bootstrap.servers", conf.get(JobOptions.BOOTSTRAP_SERVERS));
        kafka.put("key.deserializer", ByteArrayDeserializer.class.getName());
        kafka.put("value.deserializer", ByteArrayDeserializer.class.getName());

        ConsumerConfig client = new ConsumerConfig(kafka);
        assertEquals("SASL_SSL", client.getString("security.protocol"));
        assertEquals("SCRAM-SHA-512", client.getString("sasl.mechanism"));
        assertEquals("org.apache.kafka.common.security.scram.ScramLoginModule required username=\"svc-callscribe\" password=\"pa55 word\";",
                client.getPassword("sasl.jaas.config").value());
        assertEquals("PEM", client.getString("ssl.truststore.type"));
        assertTrue(Files.isRegularFile(Path.of(client.getString("ssl.truststore.location"))), "the CA file is where the truststore points");
        assertEquals("use_all_dns_ips", client.getString("client.dns.lookup"), "kafka.properties pass through");
    }

    @Test
    void tenantsHotWordsBecomeOneFilePerTenantInTheFlinkPods() throws URISyntaxException, IOException {
        RenderedChart chart = render(variant("cuda-s3-sasl.yaml"));
        JsonNode taskManager = chart.only("FlinkDeployment").at("/spec/taskManager/podTemplate");
        JsonNode data = chart.named("ConfigMap", volume(taskManager, "hotwords").at("/configMap/name").asText()).path("data");
        assertEquals(List.of("Acme Platinum", "chargeback"), texts(RenderedChart.YAML.readTree(data.path("acme.yaml").asText()).path("words")));
        assertEquals("# kept verbatim\nwords:\n  - Globex Gold\n", data.path("globex.yaml").asText());
        assertEquals("/opt/callscribe/hotwords", mountPath(mainContainer(taskManager), "hotwords"));
        assertFalse(taskManager.at("/metadata/annotations/checksum~1hotwords").asText().isEmpty(), "a change restarts the job");
    }

    @Test
    void serviceMonitorScrapesThePrometheusPortOfEveryFlinkPod() throws URISyntaxException {
        RenderedChart chart = render(variant("cuda-s3-sasl.yaml"));
        JsonNode deployment = chart.only("FlinkDeployment");
        String port = deployment.at("/spec/flinkConfiguration/metrics.reporter.prom.port").asText();
        assertEquals("org.apache.flink.metrics.prometheus.PrometheusReporterFactory",
                deployment.at("/spec/flinkConfiguration/metrics.reporter.prom.factory.class").asText());

        JsonNode service = chart.only("Service");
        assertEquals(deployment.at("/metadata/name").asText(), service.at("/spec/selector/app").asText(),
                "Flink labels its pods app=<FlinkDeployment name>");
        assertEquals(port, service.at("/spec/ports/0/targetPort").asText());
        JsonNode monitor = chart.only("ServiceMonitor");
        assertEquals("kube-prometheus-stack", monitor.at("/metadata/labels/release").asText());
        service.at("/metadata/labels").fields().forEachRemaining(label -> {
            JsonNode selected = monitor.at("/spec/selector/matchLabels").path(label.getKey());
            assertTrue(selected.isMissingNode() || selected.equals(label.getValue()));
        });
        assertEquals(service.at("/spec/ports/0/name").asText(), monitor.at("/spec/endpoints/0/port").asText());
        JsonNode taskManager = deployment.at("/spec/taskManager/podTemplate");
        assertEquals(port, RenderedChart.element(mainContainer(taskManager).path("ports"), "metrics").orElseThrow()
                .path("containerPort").asText());
    }

    @Test
    void prometheusSettingsAreThoseOfTheConfigFileForOtherClusters() throws IOException {
        JsonNode flink = render(null, REQUIRED).only("FlinkDeployment").at("/spec/flinkConfiguration");
        JsonNode file = RenderedChart.YAML.readTree(REPO.resolve("config/metrics-prometheus.yaml").toFile());
        assertFalse(file.isEmpty());
        file.fields().forEachRemaining(e -> assertEquals(e.getValue().asText(), flink.path(e.getKey()).asText(), e.getKey()));
    }

    @Test
    void pvcStorageMountsOneSharedClaimInEveryPod() {
        RenderedChart chart = render(null, "kafka.bootstrapServers=kafka:9092", "storage.type=pvc", "storage.pvc.size=200Gi");
        JsonNode deployment = chart.only("FlinkDeployment");
        assertEquals(List.of(), schema.validate(deployment));
        JsonNode claim = chart.only("PersistentVolumeClaim");
        assertEquals("ReadWriteMany", claim.at("/spec/accessModes/0").asText());
        assertEquals("200Gi", claim.at("/spec/resources/requests/storage").asText());
        assertEquals("keep", claim.at("/metadata/annotations/helm.sh~1resource-policy").asText());

        JsonNode flink = deployment.at("/spec/flinkConfiguration");
        for (String role : List.of("jobManager", "taskManager")) {
            JsonNode pod = deployment.at("/spec/" + role + "/podTemplate");
            assertEquals(claim.at("/metadata/name").asText(), volume(pod, "state").at("/persistentVolumeClaim/claimName").asText());
            String mount = mountPath(mainContainer(pod), "state");
            assertEquals("file://" + mount + "/checkpoints", flink.path("execution.checkpointing.dir").asText());
            assertEquals("file://" + mount + "/savepoints", flink.path("execution.checkpointing.savepoint-dir").asText());
        }
    }

    @Test
    void schemaRejectsWhatTheApiServerWouldDropOrRefuse() {
        JsonNode deployment = render(null, REQUIRED).only("FlinkDeployment");
        ObjectNode misspelled = deployment.deepCopy();
        ((ObjectNode) misspelled.path("spec")).set("jobManger", misspelled.at("/spec/jobManager"));
        ((ObjectNode) mainContainer(misspelled.at("/spec/taskManager/podTemplate"))).putArray("volumeMount");
        ((ObjectNode) misspelled.path("spec")).put("flinkVersion", "v9_9");
        String problems = String.join("\n", schema.validate(misspelled));
        assertTrue(problems.contains("jobManger"), problems);
        assertTrue(problems.contains("volumeMount"), problems);
        assertTrue(problems.contains("flinkVersion"), problems);
    }

    @Test
    void invalidValuesFailTheRenderNamingTheValue() {
        assertRenderFails("kafka.bootstrapServers is required", "storage.s3.bucket=b");
        assertRenderFails("storage.s3.bucket is required", "kafka.bootstrapServers=k:9092");
        assertRenderFails("inference.provider must be cpu, cuda or auto", concat(REQUIRED, "inference.provider=gpu"));
        assertRenderFails("kafka.sasl.secretName is required", concat(REQUIRED, "kafka.securityProtocol=SASL_SSL"));
        assertRenderFails("nothing would put the models there", concat(REQUIRED, "models.fetch.enabled=false"));
    }

    private static void assertRenderFails(String expected, String... values) {
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> render(null, values));
        assertTrue(failure.getMessage().contains(expected), failure.getMessage());
    }

    private static RenderedChart render(Path valuesFile, String... values) {
        TemplateCommand template = new Helm(CHART).template().withName("calls").withNamespace("contact-center");
        if (valuesFile != null) {
            template = template.withValuesFile(valuesFile);
        }
        for (String value : values) {
            int eq = value.indexOf('=');
            template = template.set(value.substring(0, eq), value.substring(eq + 1));
        }
        return RenderedChart.parse(template.call());
    }

    private static Path variant(String name) throws URISyntaxException {
        return Path.of(Objects.requireNonNull(HelmChartTest.class.getResource("/helm/" + name), name).toURI());
    }

    /**
     * The job's configuration as {@link CallscribeJob} builds it in the JobManager: its arguments from
     * the FlinkDeployment, the config file from the ConfigMap mounted where --config points.
     */
    private Configuration jobConfiguration(RenderedChart chart) throws IOException {
        JsonNode spec = chart.only("FlinkDeployment").path("spec");
        JsonNode jobManager = spec.at("/jobManager/podTemplate");
        List<String> args = new ArrayList<>(texts(spec.at("/job/args")));
        int config = args.indexOf("--config") + 1;
        String mount = mountPath(mainContainer(jobManager), "job-config");
        assertTrue(config > 0 && args.get(config).startsWith(mount + "/"), "--config " + args.get(config) + " is in the mounted ConfigMap");
        String fileName = args.get(config).substring(mount.length() + 1);
        String content = chart.named("ConfigMap", volume(jobManager, "job-config").at("/configMap/name").asText()).path("data").path(fileName).asText();
        assertFalse(content.isBlank(), "the ConfigMap holds " + fileName);
        Path file = Files.writeString(tmp.resolve(fileName), content);
        args.set(config, file.toString());
        return CallscribeJob.configuration(args.toArray(String[]::new));
    }

    private static void assertEveryMountHasAVolume(JsonNode podTemplate) {
        List<String> volumes = StreamSupport.stream(podTemplate.at("/spec/volumes").spliterator(), false)
                .map(v -> v.path("name").asText()).toList();
        List<JsonNode> containers = new ArrayList<>();
        podTemplate.at("/spec/containers").forEach(containers::add);
        podTemplate.at("/spec/initContainers").forEach(containers::add);
        for (JsonNode container : containers) {
            for (JsonNode mount : container.path("volumeMounts")) {
                assertTrue(volumes.contains(mount.path("name").asText()), container.path("name") + " mounts " + mount.path("name") + " but the pod has no such volume");
            }
        }
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static String[] concat(String[] first, String... more) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
