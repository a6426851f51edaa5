package io.callscribe.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callscribe.audio.AudioClip;
import io.callscribe.audio.AudioFiles;
import io.callscribe.contract.AudioFrame;
import io.callscribe.contract.CallEvent;
import io.callscribe.contract.Codec;
import io.callscribe.contract.DeadLetter;
import io.callscribe.contract.Leg;
import io.callscribe.kafka.DefaultTopics;
import io.callscribe.kafka.EmbeddedKafka;
import io.callscribe.kafka.TenantTopics;
import io.callscribe.kafka.TopicSpec;
import io.callscribe.replay.CallReplayer;
import io.callscribe.replay.Impairments;
import io.callscribe.replay.KafkaReplaySink;
import io.callscribe.replay.Pacing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tenant isolation in the output ({@code topics.per-tenant}): two tenants' calls through the job on
 * the real stack; each tenant's transcripts, review items and summaries are on its own topics only,
 * nothing is on the shared ones, and input of a tenant that cannot name a topic is dead-lettered.
 */
class TenantTopicsJobTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final String MODEL = "moonshine-tiny";
    /** Tenant to the HVB dev call whose first seconds it plays. */
    private static final Map<String, String> CALLS = Map.of("acme", "010eaccb7a23436f", "globex", "0091a706bc604188");
    private static final String BAD_TENANT = "acme/eu";
    private static final int SECONDS_PER_LEG = 15;
    private static final List<String> TENANT_OUTPUTS = List.of(DefaultTopics.TRANSCRIPTS, DefaultTopics.REVIEW, DefaultTopics.CALL_SUMMARIES);
    /** Bounds every wait on the job: two 15 s calls take ~30 s of this machine's time with tiny. */
    private static final Duration JOB_BUDGET = Duration.ofSeconds(150);

    private static EmbeddedKafka kafka;

    @TempDir
    Path checkpoints;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void eachTenantsOutputIsOnItsOwnTopicsAndATenantThatCannotNameOneIsDeadLettered() throws Exception {
        KafkaTestRun run = new KafkaTestRun(kafka, "tenant-topics", JOB_BUDGET);
        Map<String, String> outputOf = new HashMap<>(CommittedOutputs.prefixed(run.topic("")));
        for (String tenant : CALLS.keySet()) {
            for (String output : TENANT_OUTPUTS) {
                // As an operator creates them, each with its tenant's ACL.
                String topic = TenantTopics.topic(run.topic(output), tenant);
                kafka.createTopics(TopicSpec.of(topic, 1));
                outputOf.put(topic, output);
            }
        }
        Configuration conf = run.jobConfig(MODEL, 1, checkpoints);
        conf.set(JobOptions.TOPICS_PER_TENANT, true);
        // Every final goes to review too, so that each tenant has review items to keep apart.
        conf.set(JobOptions.REVIEW_THRESHOLD, 1.0);

        long begin = System.nanoTime();
        try (CommittedOutputs out = new CommittedOutputs(kafka.bootstrapServers(), Map.of(), outputOf, CommittedOutputs.DeadLetters.KEPT)) {
            try (KafkaReplaySink gateway = run.gateway()) {
                for (Map.Entry<String, String> call : CALLS.entrySet()) {
                    replayer(call.getKey(), call.getValue()).replay(gateway);
                }
                gateway.callStarted(CallEvent.started(BAD_TENANT, "bad-call", "agent-1", List.of(), 0));
                gateway.frame(new AudioFrame(BAD_TENANT, "bad-call", Leg.AGENT, 7, 0, 0, Codec.PCMU, 8000, new byte[160], 0));
            }
            JobClient job = run.start(conf, "per-tenant topics");
            try {
                out.pollUntil(o -> o.summaries.size() >= 2 * CALLS.size() && o.deadLetters.size() >= 2, job,
                        begin + JOB_BUDGET.toNanos(), "every leg's summary and the bad tenant's dead letters");
                // The sinks commit one after another on the same checkpoint: give the last ones a moment.
                out.pollFor(Duration.ofSeconds(3));
            } finally {
                job.cancel().get(30, TimeUnit.SECONDS);
            }

            Map<String, Set<String>> expected = new TreeMap<>();
            for (String tenant : CALLS.keySet()) {
                for (String output : TENANT_OUTPUTS) {
                    expected.put(TenantTopics.topic(run.topic(output), tenant), Set.of(tenant));
                }
                assertTrue(out.finals.stream().anyMatch(f -> f.tenant().equals(tenant) && !f.text().isBlank()), "a final of " + tenant);
            }
            // Only each tenant's own topics hold its records; the shared topics hold none.
            assertEquals(expected, out.tenantsByTopic);
            assertEquals(2, out.deadLetters.size(), out.deadLetters.toString());
            for (DeadLetter letter : out.deadLetters) {
                assertEquals("bad-field", letter.reason());
                assertTrue(letter.detail().contains("tenant 'acme/eu' cannot be part of a topic name"), letter.detail());
            }
            System.out.printf("per-tenant topics: %d finals, %d review items, %d summaries over %s%n", out.finals.size(),
                    out.review.size(), out.summaries.size(), out.tenantsByTopic.keySet());
        }
    }

    /** The first seconds of both legs of a dev call, as mu-law frames between its started and ended events. */
    private static CallReplayer replayer(String tenant, String call) throws Exception {
        return CallReplayer.builder().tenant(tenant).callId(tenant + "-call")
                .legs(start(PipelineTestCalls.channel(call, "agent")), start(PipelineTestCalls.channel(call, "caller")))
                .codec(Codec.PCMU).impairments(Impairments.NONE).seed(5).pacing(Pacing.AS_FAST_AS_POSSIBLE).build();
    }

    private static AudioClip start(Path leg) throws Exception {
        AudioClip clip = AudioFiles.read(leg);
        return AudioClip.ofMono(Arrays.copyOf(clip.mono(), SECONDS_PER_LEG * clip.sampleRate()), clip.sampleRate());
    }
}
