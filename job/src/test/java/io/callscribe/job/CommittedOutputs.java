package io.callscribe.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callscribe.contract.CallSummary;
import io.callscribe.contract.DeadLetter;
import io.callscribe.contract.ReviewItem;
import io.callscribe.contract.TranscriptSegment;
import io.callscribe.kafka.DefaultTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The job's output topics ({@code transcripts}, {@code review}, {@code call-summaries},
 * {@code dead-letters}) as a downstream service reads them: a {@code read_committed} consumer from
 * the beginning, records in the order committed. Finals are exactly-once there; partials
 * (at-least-once) share the transcripts topic and are kept apart.
 */
final class CommittedOutputs implements AutoCloseable {

    /** What is kept of each dead letter. */
    enum DeadLetters {
        /** The whole record, in {@link #deadLetters}, and its reason counted. */
        KEPT,
        /** Only its reason counted: a flood of a million stays small. */
        COUNTED
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    final List<TranscriptSegment> finals = new ArrayList<>();
    final List<TranscriptSegment> partials = new ArrayList<>();
    final List<ReviewItem> review = new ArrayList<>();
    final List<CallSummary> summaries = new ArrayList<>();
    final List<DeadLetter> deadLetters = new ArrayList<>();
    /** Dead letters by their reason; those without one are counted in {@link #deadLettersWithoutReason}. */
    final Map<String, Long> deadLetterReasons = new TreeMap<>();
    long deadLettersWithoutReason;

    /** Tenants seen on each topic, from transcripts, review items and summaries. */
    final Map<String, Set<String>> tenantsByTopic = new TreeMap<>();

    /** Each topic read, with the default output topic ({@link DefaultTopics}) whose records it holds. */
    private final Map<String, String> outputOf;
    private final DeadLetters deadLetterDetail;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<TopicPartition> partitions = new ArrayList<>();

    /** The default topics, every record kept. */
    CommittedOutputs(String bootstrap) {
        this(bootstrap, Map.of(), prefixed(""), DeadLetters.KEPT);
    }

    /** The topics named {@code <prefix>.<default name>}, every record kept. */
    CommittedOutputs(String bootstrap, String topicPrefix) {
        this(bootstrap, Map.of(), prefixed(topicPrefix + "."), DeadLetters.KEPT);
    }

    CommittedOutputs(String bootstrap, DeadLetters deadLetterDetail) {
        this(bootstrap, Map.of(), prefixed(""), deadLetterDetail);
    }

    /**
     * @param clientSettings more consumer settings (a login, ...)
     * @param outputOf each topic to read, with the default output topic whose records it holds
     */
    CommittedOutputs(String bootstrap, Map<String, Object> clientSettings, Map<String, String> outputOf, DeadLetters deadLetterDetail) {
        this.outputOf = Map.copyOf(outputOf);
        this.deadLetterDetail = deadLetterDetail;
        Map<String, Object> settings = new HashMap<>(clientSettings);
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        consumer = new KafkaConsumer<>(settings);
        for (String topic : outputOf.keySet()) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** The four output topics named {@code <prefix><default name>}. */
    static Map<String, String> prefixed(String prefix) {
        Map<String, String> outputOf = new HashMap<>();
        for (String name : List.of(DefaultTopics.TRANSCRIPTS, DefaultTopics.REVIEW, DefaultTopics.CALL_SUMMARIES, DefaultTopics.DEAD_LETTERS)) {
            outputOf.put(prefix + name, name);
        }
        return outputOf;
    }

    /** How many records the topics hold, committed or not. */
    long endOffsetSum() {
        return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
    }

    long deadLetterCount() {
        return deadLetterReasons.values().stream().mapToLong(Long::longValue).sum() + deadLettersWithoutReason;
    }

    /** Reads until {@code done} holds; fails at the deadline, or with the job's own error once the job has stopped. */
    void pollUntil(Predicate<CommittedOutputs> done, JobClient job, long deadlineNanos, String what) throws Exception {
        long lastCheck = 0;
        while (!done.test(this)) {
            if (System.nanoTime() > deadlineNanos) {
                fail("no " + what + " by the deadline: " + summaries.size() + " summaries, " + finals.size() + " finals, "
                        + deadLetterCount() + " dead letters so far: " + summaries);
            }
            if (System.nanoTime() - lastCheck > 1_000_000_000L) {
                checkRunning(job);
                lastCheck = System.nanoTime();
            }
            poll();
        }
    }

    void pollFor(Duration time) throws Exception {
        long until = System.nanoTime() + time.toNanos();
        while (System.nanoTime() < until) {
            poll();
        }
    }

    private void poll() throws Exception {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
            switch (outputOf.get(record.topic())) {
                case DefaultTopics.TRANSCRIPTS -> {
                    TranscriptSegment s = JSON.readValue(record.value(), TranscriptSegment.class);
                    (s.isFinal() ? finals : partials).add(s);
                    tenantSeen(record.topic(), s.tenant());
                }
                case DefaultTopics.REVIEW -> {
                    ReviewItem item = JSON.readValue(record.value(), ReviewItem.class);
                    review.add(item);
                    tenantSeen(record.topic(), item.segment().tenant());
                }
                case DefaultTopics.CALL_SUMMARIES -> {
                    CallSummary summary = JSON.readValue(record.value(), CallSummary.class);
                    summaries.add(summary);
                    tenantSeen(record.topic(), summary.tenant());
                }
                case DefaultTopics.DEAD_LETTERS -> {
                    JsonNode reason = JSON.readTree(record.value()).get("reason");
                    if (reason == null || reason.asText().isBlank()) {
                        deadLettersWithoutReason++;
                    } else {
                        deadLetterReasons.merge(reason.asText(), 1L, Long::sum);
                    }
                    if (deadLetterDetail == DeadLetters.KEPT) {
                        deadLetters.add(JSON.readValue(record.value(), DeadLetter.class));
                    }
                }
                default -> throw new IllegalStateException("unexpected topic " + record.topic());
            }
        }
    }

    private void tenantSeen(String topic, String tenant) {
        tenantsByTopic.computeIfAbsent(topic, t -> new TreeSet<>()).add(tenant);
    }

    // ---- comparing runs ----

    /** Each final exactly once, and some: what a read_committed consumer must see after any failure. */
    void assertEachFinalOnce(String run) {
        Map<String, Long> perSegment = finals.stream()
                .collect(Collectors.groupingBy(TranscriptSegment::segmentId, TreeMap::new, Collectors.counting()));
        Map<String, Long> repeated = new TreeMap<>(perSegment);
        repeated.values().removeIf(count -> count == 1);
        assertEquals(Map.of(), repeated, run + ": each final exactly once (" + perSegment.size() + " segments)");
        assertFalse(finals.isEmpty(), run + ": finals expected");
    }

    long nonEmptyFinals() {
        return finals.stream().filter(f -> !f.text().isEmpty()).count();
    }

    /** A value of each final by segment ID. */
    Map<String, String> finalsById(Function<TranscriptSegment, String> value) {
        Map<String, String> out = new TreeMap<>();
        finals.forEach(f -> out.put(f.segmentId(), value.apply(f)));
        return out;
    }

    static String bounds(TranscriptSegment f) {
        return "[" + f.startMs() + ", " + f.endMs() + "] rev " + f.revision();
    }

    /** The finals that differ in bounds or text, or that only one side has: "id: this | other", empty if none. */
    String differenceTo(CommittedOutputs other) {
        Map<String, String> a = finalsById(f -> bounds(f) + " \"" + f.text() + "\"");
        Map<String, String> b = other.finalsById(f -> bounds(f) + " \"" + f.text() + "\"");
        TreeSet<String> ids = new TreeSet<>(a.keySet());
        ids.addAll(b.keySet());
        List<String> lines = new ArrayList<>();
        for (String id : ids) {
            if (!Objects.equals(a.get(id), b.get(id))) {
                lines.add(id + ": " + a.get(id) + " | " + b.get(id));
            }
        }
        return lines.isEmpty() ? "" : lines.size() + " " + lines;
    }

    /** Fails with the job's own error once it has stopped by itself. */
    static void checkRunning(JobClient job) throws Exception {
        JobStatus status = job.getJobStatus().get(10, TimeUnit.SECONDS);
        if (status.isGloballyTerminalState()) {
            try {
                job.getJobExecutionResult().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("the job stopped: " + status, e);
            }
            fail("the job stopped: " + status);
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
