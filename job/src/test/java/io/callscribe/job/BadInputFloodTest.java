package io.callscribe.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.callscribe.contract.Codec;
import io.callscribe.eval.EvalData;
import io.callscribe.kafka.BadRecords;
import io.callscribe.kafka.DefaultTopics;
import io.callscribe.kafka.EmbeddedKafka;
import io.callscribe.kafka.TopicSpec;
import io.callscribe.replay.CallReplayer;
import io.callscribe.replay.Impairments;
import io.callscribe.replay.KafkaReplaySink;
import io.callscribe.replay.Pacing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flood of bad input mixed into a live call: the whole job over the in-process broker first
 * transcribes an HVB dev call alone (the reference), then the same call again while bad records
 * (every kind {@link BadRecords} makes, half of them keyed with the call's own ID) and call-ended
 * events for calls that never started are written beside its frames. The job must keep running,
 * dead-letter every bad record with its reason, and give the call the same finals as alone.
 *
 * <p>{@code -Dcallscribe.badRecords=N} sets the number of bad records: 20,000 in CI; the documented
 * manual run is 1,000,000 ({@code mvn -pl udf-models,operators,job test -Dtest=BadInputFloodTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dcallscribe.badRecords=1000000}).
 */
class BadInputFloodTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final int BAD_RECORDS = Integer.getInteger("callscribe.badRecords", 20_000);
    private static final int UNKNOWN_CALL_EVENTS = 100;
    private static final int MAX_PAYLOAD_BYTES = 320;
    private static final String MODEL = "moonshine-tiny";
    private static final String CALL = PipelineTestCalls.CALLS.get(0);
    private static final String REFERENCE_CALL = "reference-" + CALL;
    private static final Duration BUDGET = Duration.ofSeconds(Math.max(240, BAD_RECORDS / 2_000));

    @TempDir
    Path checkpoints;

    @Test
    void aFloodOfBadRecordsIsDeadLetteredAndLeavesALiveCallsTranscriptUnchanged() throws Exception {
        long begin = System.nanoTime();
        long deadline = begin + BUDGET.toNanos();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(TopicSpec.of(DefaultTopics.CALL_AUDIO, 2), TopicSpec.of(DefaultTopics.CALL_EVENTS, 1),
                    TopicSpec.of(DefaultTopics.TRANSCRIPTS, 1), TopicSpec.of(DefaultTopics.REVIEW, 1),
                    TopicSpec.of(DefaultTopics.CALL_SUMMARIES, 1), TopicSpec.of(DefaultTopics.DEAD_LETTERS, 1));
            try (KafkaReplaySink gateway = new KafkaReplaySink(kafka.bootstrapServers());
                    CommittedOutputs out = new CommittedOutputs(kafka.bootstrapServers(), CommittedOutputs.DeadLetters.COUNTED)) {
                replayer(REFERENCE_CALL).replay(gateway);
                JobClient job = startJob(jobConfig(kafka));
                try {
                    out.pollUntil(o -> o.summaries.size() >= 2, job, deadline, "the reference call's summaries");

                    long floodBegin = System.nanoTime();
                    Map<String, Long> expected = new TreeMap<>();
                    CompletableFuture<Void> flood = CompletableFuture.runAsync(() -> produceBadInput(kafka.bootstrapServers(), expected));
                    replayer(CALL).replay(gateway);
                    flood.get(BUDGET.toSeconds(), TimeUnit.SECONDS);
                    double produceSeconds = (System.nanoTime() - floodBegin) / 1e9;
                    long total = expected.values().stream().mapToLong(Long::longValue).sum();

                    out.pollUntil(o -> o.summaries.size() >= 4 && o.deadLetterCount() >= total, job, deadline,
                            "the call's summaries and " + total + " dead letters");
                    out.pollFor(Duration.ofSeconds(3));
                    assertEquals(JobStatus.RUNNING, job.getJobStatus().get(10, TimeUnit.SECONDS), "the job keeps running");
                    double floodSeconds = (System.nanoTime() - floodBegin) / 1e9;
                    System.out.printf("bad input flood: %,d bad records + %d ended events of unknown calls beside call %s: "
                                    + "produced in %.1f s, all dead-lettered %.1f s after the flood began; dead letters by reason %s%n",
                            BAD_RECORDS, UNKNOWN_CALL_EVENTS, CALL, produceSeconds, floodSeconds, out.deadLetterReasons);

                    assertEquals(expected, out.deadLetterReasons, "every bad record dead-lettered once, with its reason");
                    assertEquals(0, out.deadLettersWithoutReason, "each dead letter says why");
                } finally {
                    job.cancel().get(30, TimeUnit.SECONDS);
                }
                Map<String, String> reference = finalsOf(out, REFERENCE_CALL);
                assertFalse(reference.isEmpty(), "the reference call has finals");
                assertEquals(reference, finalsOf(out, CALL), "the flooded call's finals, by leg and start, equal the call's alone");
                assertEquals(4, out.summaries.size(), "a summary per real leg and none for unknown calls: " + out.summaries);
            }
        }
    }

    /** Writes the bad records and the unknown calls' events; fills {@code expected} with the dead letters due, by reason. */
    private static void produceBadInput(String bootstrap, Map<String, Long> expected) {
        BadRecords bad = new BadRecords(DefaultTopics.CALL_AUDIO, DefaultTopics.CALL_EVENTS, MAX_PAYLOAD_BYTES, CALL);
        Random random = new Random(42);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            for (int i = 0; i < BAD_RECORDS; i++) {
                BadRecords.BadRecord r = bad.next(random);
                producer.send(new ProducerRecord<>(r.topic(), r.key(), r.value()));
                expected.merge(r.reason(), 1L, Long::sum);
            }
            // Valid events, for calls no started event or frame ever announced (at epoch time 0: an absurd clock).
            for (int i = 0; i < UNKNOWN_CALL_EVENTS; i++) {
                String ghost = "ghost-" + i;
                byte[] event = ("{\"v\":1,\"type\":\"ended\",\"tenant\":\"t\",\"callId\":\"" + ghost
                        + "\",\"legs\":[\"agent\"],\"timestampMs\":" + random.nextInt(1000) + "}").getBytes(StandardCharsets.UTF_8);
                producer.send(new ProducerRecord<>(DefaultTopics.CALL_EVENTS, ghost.getBytes(StandardCharsets.UTF_8), event));
                expected.merge("event-for-unknown-call", 1L, Long::sum);
            }
            producer.flush();
        }
    }

    private static CallReplayer replayer(String callId) throws Exception {
        // No network impairments: the flood must be the only difference between the two runs.
        return CallReplayer.builder().tenant("harper-valley").callId(callId)
                .legs(PipelineTestCalls.channel(CALL, "agent"), PipelineTestCalls.channel(CALL, "caller"))
                .codec(Codec.PCMU).impairments(Impairments.NONE).seed(7).pacing(Pacing.AS_FAST_AS_POSSIBLE).build();
    }

    private Configuration jobConfig(EmbeddedKafka kafka) {
        Configuration conf = TranscriptionPipelineTest.jobConfig();
        conf.set(JobOptions.RECOGNIZER, MODEL);
        conf.set(JobOptions.MODEL_DIR, EvalData.model(MODEL).dir().getParent().toString());
        conf.set(JobOptions.MAX_PAYLOAD_BYTES, MAX_PAYLOAD_BYTES);
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(1));
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        conf.set(JobOptions.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        conf.set(JobOptions.STARTING_OFFSETS, "earliest");
        conf.set(JobOptions.GROUP_ID, "bad-input-flood");
        return conf;
    }

    private static JobClient startJob(Configuration conf) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        KafkaPipeline.define(env, conf);
        return env.executeAsync("bad input flood test");
    }

    /** Final texts of a call by {@code leg/start sample}, the part of the segment ID that does not name the call. */
    private static Map<String, String> finalsOf(CommittedOutputs out, String callId) {
        Map<String, String> texts = new TreeMap<>();
        out.finals.stream().filter(f -> f.callId().equals(callId))
                .forEach(f -> texts.put(f.segmentId().substring(callId.length() + 1), f.text()));
        return texts;
    }
}
