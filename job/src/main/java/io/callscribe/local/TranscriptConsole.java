package io.callscribe.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.callscribe.contract.CallSummary;
import io.callscribe.contract.ReviewItem;
import io.callscribe.contract.TranscriptSegment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Prints the job's output as it happens: on a terminal the current partial of each utterance is
 * rewritten in place until its final replaces it; elsewhere partials are plain lines marked '~'.
 * A live display reads {@code read_uncommitted} (a {@code read_committed} consumer would hold
 * partials back behind the finals' open transactions) and so deduplicates: one final per segment,
 * and no partial after its segment's final.
 */
final class TranscriptConsole implements Runnable, AutoCloseable {

    private final String bootstrapServers;
    private final List<String> topics;
    private final PrintWriter out;
    private final boolean terminal;
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicBoolean running = new AtomicBoolean(true);
    /** Counted down once the consumer has left its group and closed. */
    private final CountDownLatch closed = new CountDownLatch(1);
    private final List<CallSummary> summaries = new ArrayList<>();
    private boolean partialShown;
    private final java.util.Set<String> finalized = new java.util.HashSet<>();

    TranscriptConsole(String bootstrapServers, String transcripts, String review, String summariesTopic, PrintWriter out,
            boolean terminal) {
        this.bootstrapServers = bootstrapServers;
        this.topics = List.of(transcripts, review, summariesTopic);
        this.out = out;
        this.terminal = terminal;
    }

    synchronized List<CallSummary> summaries() {
        return List.copyOf(summaries);
    }

    @Override
    public void run() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "callscribe-console-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(topics);
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    show(record);
                }
            }
        } finally {
            closed.countDown();
        }
    }

    private void show(ConsumerRecord<byte[], byte[]> record) {
        try {
            int topic = topics.indexOf(record.topic());
            if (topic == 0) {
                segment(json.readValue(record.value(), TranscriptSegment.class));
            } else if (topic == 1) {
                ReviewItem item = json.readValue(record.value(), ReviewItem.class);
                line(String.format(Locale.ROOT, "      -> review queue: %s", item.reason()));
            } else {
                CallSummary summary = json.readValue(record.value(), CallSummary.class);
                synchronized (this) {
                    if (summaries.stream().noneMatch(s -> s.callId().equals(summary.callId()) && s.leg() == summary.leg())) {
                        summaries.add(summary);
                    }
                }
            }
        } catch (IOException e) {
            line("(unreadable record on " + record.topic() + ": " + e.getMessage() + ")");
        }
    }

    private void segment(TranscriptSegment s) {
        if (finalized.contains(s.segmentId()) || (s.isFinal() && s.text().isEmpty() && s.flags().isEmpty())) {
            finalized.add(s.segmentId());
            return;
        }
        if (s.isFinal()) {
            finalized.add(s.segmentId());
        }
        String head = String.format(Locale.ROOT, "[%-8s %s-%s]", s.leg().wireName(), clock(s.startMs()), clock(s.endMs()));
        if (!s.isFinal()) {
            if (terminal) {
                out.print("\r\033[K" + head + " ... " + s.text());
                out.flush();
                partialShown = true;
            } else {
                line("~ " + head + " " + s.text());
            }
            return;
        }
        String flags = s.flags().isEmpty() ? "" : "  " + s.flags();
        line(String.format(Locale.ROOT, "%s %s  (confidence %.2f, %d ms after endpoint)%s", head, s.text(), s.confidence(),
                s.endpointToEmitMs(), flags));
    }

    private void line(String text) {
        if (partialShown) {
            out.print("\r\033[K");
            partialShown = false;
        }
        out.println(text);
        out.flush();
    }

    private static String clock(long ms) {
        return String.format(Locale.ROOT, "%02d:%04.1f", ms / 60000, (ms % 60000) / 1000.0);
    }

    /**
     * Stops the consumer and waits (a few seconds at most) until it has left its group, so that an
     * embedded broker stopped next does not log the consumer's failed goodbye as errors.
     */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        closed.await(5, TimeUnit.SECONDS);
    }
}
