package io.callscribe.sql;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callscribe.contract.CallEvent;
import io.callscribe.contract.CallSummary;
import io.callscribe.contract.Codec;
import io.callscribe.contract.ReviewItem;
import io.callscribe.contract.TranscriptSegment;
import io.callscribe.eval.EvalData;
import io.callscribe.job.JobOptions;
import io.callscribe.job.KafkaPipeline;
import io.callscribe.kafka.DefaultTopics;
import io.callscribe.kafka.EmbeddedKafka;
import io.callscribe.kafka.TopicSpec;
import io.callscribe.replay.CallReplayer;
import io.callscribe.replay.Impairments;
import io.callscribe.replay.KafkaReplaySink;
import io.callscribe.replay.Pacing;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The job's topics as the SQL tests read them: HVB dev calls replayed as a gateway writes them
 * (impaired mu-law frames, started events naming the agent, ended events), transcribed by the real
 * {@link KafkaPipeline} (moonshine-tiny, exactly-once sinks) into the in-process broker, then every
 * topic read back whole by a {@code read_committed} consumer.
 *
 * <p>The calls follow one another in time, over two tenants and across an hour boundary, and their
 * audio shares one partition, so finals reach {@code transcripts} in about event-time order as in
 * production (a backlog of concurrent calls would be out of order by far more than the tables'
 * minute of allowed lateness).
 */
final class DevCallsInKafka implements AutoCloseable {

    /** A call of the fixture: which tenant and agent it belongs to, when it started. */
    record Call(String callId, String tenant, String agentId, Instant start) {}

    static final String MODEL = "moonshine-tiny";
    static final List<Call> CALLS = List.of(
            new Call("0002f70f7386445b", "harper-valley", "agent-ana", Instant.parse("2026-11-20T09:57:30Z")),
            new Call("0091a706bc604188", "harper-valley", "agent-ben", Instant.parse("2026-11-20T09:59:40Z")),
            new Call("00d676d7058c49bb", "second-bank", "agent-cho", Instant.parse("2026-11-20T10:01:00Z")));
    private static final Duration JOB_BUDGET = Duration.ofSeconds(150);

    final EmbeddedKafka kafka;
    final List<TranscriptSegment> transcripts = new ArrayList<>();
    final List<ReviewItem> review = new ArrayList<>();
    final List<CallSummary> summaries = new ArrayList<>();
    final List<CallEvent> events = new ArrayList<>();

    private DevCallsInKafka(EmbeddedKafka kafka) {
        this.kafka = kafka;
    }

    /** Runs the job over the calls until every leg's summary is committed; {@code work} holds checkpoints. */
    static DevCallsInKafka start(Path work) throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start();
        try {
            kafka.createTopics(TopicSpec.of(DefaultTopics.CALL_AUDIO, 1), TopicSpec.of(DefaultTopics.CALL_EVENTS, 1),
                    TopicSpec.of(DefaultTopics.TRANSCRIPTS, 1), TopicSpec.of(DefaultTopics.REVIEW, 1),
                    TopicSpec.of(DefaultTopics.CALL_SUMMARIES, 1), TopicSpec.of(DefaultTopics.DEAD_LETTERS, 1));
            DevCallsInKafka fixture = new DevCallsInKafka(kafka);
            fixture.replayCalls();
            fixture.transcribe(work);
            fixture.readTopics();
            return fixture;
        } catch (Exception | AssertionError e) {
            kafka.close();
            throw e;
        }
    }

    private void replayCalls() throws Exception {
        Path calls = EvalData.set("hvb-callcenter-dev").resolve("calls");
        long seed = 31;
        try (KafkaReplaySink gateway = new KafkaReplaySink(kafka.bootstrapServers())) {
            for (Call call : CALLS) {
                CallReplayer.builder().tenant(call.tenant()).callId(call.callId()).agentId(call.agentId())
                        .legs(calls.resolve("agent").resolve(call.callId() + ".wav"),
                                calls.resolve("caller").resolve(call.callId() + ".wav"))
                        .codec(Codec.PCMU).impairments(new Impairments(0.01, 0.0, 20)).seed(seed++)
                        .startTimeMs(call.start().toEpochMilli()).pacing(Pacing.AS_FAST_AS_POSSIBLE).build()
                        .replay(gateway);
            }
        }
    }

    private void transcribe(Path work) throws Exception {
        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        conf.set(JobOptions.RECOGNIZER, MODEL);
        conf.set(JobOptions.PROVIDER, "cpu");
        conf.set(JobOptions.MODEL_DIR, EvalData.model(MODEL).dir().getParent().toString());
        // fewer partials than live (every 3 s, not 1 s) keep the run short; the queries must still skip them
        conf.set(JobOptions.PARTIAL_INTERVAL, Duration.ofSeconds(3));
        // The backlog's ended events are read long before the audio they follow: a leg whose audio has not
        // come yet gets this much patience (60 s by default); too little ends the last call's legs before their
        // audio is read. Legs whose audio is in end promptly (the ended event names their last frames).
        conf.set(JobOptions.IDLE_TIMEOUT, Duration.ofSeconds(30));
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(1));
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, work.resolve("checkpoints").toUri().toString());
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        conf.set(JobOptions.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        conf.set(JobOptions.STARTING_OFFSETS, "earliest");
        conf.set(JobOptions.GROUP_ID, "sql-fixture");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        KafkaPipeline.define(env, conf);
        JobClient job = env.executeAsync("sql fixture: dev calls through the job");
        long deadline = System.nanoTime() + JOB_BUDGET.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = committedConsumer(DefaultTopics.CALL_SUMMARIES)) {
            int legs = 0;
            while (legs < 2 * CALLS.size()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("only " + legs + " of " + 2 * CALLS.size() + " leg summaries within " + JOB_BUDGET);
                }
                JobStatus status = job.getJobStatus().get(10, TimeUnit.SECONDS);
                if (status.isGloballyTerminalState()) {
                    job.getJobExecutionResult().get(10, TimeUnit.SECONDS);
                    throw new AssertionError("the job stopped: " + status);
                }
                legs += consumer.poll(Duration.ofMillis(500)).count();
            }
        }
        // Draining ends the input and takes a last checkpoint, which commits every sink's open transaction.
        job.stopWithSavepoint(true, work.resolve("savepoint").toUri().toString(), SavepointFormatType.CANONICAL)
                .get(60, TimeUnit.SECONDS);
    }

    private void readTopics() throws Exception {
        ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        for (String topic : List.of(DefaultTopics.TRANSCRIPTS, DefaultTopics.REVIEW, DefaultTopics.CALL_SUMMARIES,
                DefaultTopics.CALL_EVENTS)) {
            try (KafkaConsumer<byte[], byte[]> consumer = committedConsumer(topic)) {
                for (ConsumerRecord<byte[], byte[]> r : readToEnd(consumer)) {
                    switch (topic) {
                        case DefaultTopics.TRANSCRIPTS -> transcripts.add(json.readValue(r.value(), TranscriptSegment.class));
                        case DefaultTopics.REVIEW -> review.add(json.readValue(r.value(), ReviewItem.class));
                        case DefaultTopics.CALL_SUMMARIES -> summaries.add(json.readValue(r.value(), CallSummary.class));
                        default -> events.add(json.readValue(r.value(), CallEvent.class));
                    }
                }
            }
        }
    }

    private KafkaConsumer<byte[], byte[]> committedConsumer(String topic) {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    private static List<ConsumerRecord<byte[], byte[]>> readToEnd(KafkaConsumer<byte[], byte[]> consumer) {
        Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return records;
    }

    List<TranscriptSegment> finals() {
        return transcripts.stream().filter(TranscriptSegment::isFinal).toList();
    }

    @Override
    public void close() {
        kafka.close();
    }
}
