package io.callscribe.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.callscribe.audio.AudioClip;
import io.callscribe.contract.Codec;
import io.callscribe.contract.TranscriptSegment;
import io.callscribe.job.JobOptions;
import io.callscribe.job.KafkaPipeline;
import io.callscribe.kafka.EmbeddedKafka;
import io.callscribe.kafka.TopicSpec;
import io.callscribe.replay.CallReplayer;
import io.callscribe.replay.Impairments;
import io.callscribe.replay.KafkaReplaySink;
import io.callscribe.replay.Pacing;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The whole job under live load: N legs (N/2 calls of real call-center audio) replayed in real time
 * into the in-process broker at once, through the job on a local mini-cluster, measured at the
 * operator output and at a {@code read_committed} consumer.
 */
public final class LiveBench {

    /** One load level's figures. */
    public record Result(int legs, double audioSeconds, List<Long> operatorLatencyMs, List<Long> committedLatencyMs,
            double partialIntervalMs, double partialsShed, double cpuSeconds, double harnessSeconds, double frontEndSeconds,
            double vadSeconds, double recognitionSeconds, double meanBatchSize, int summaries, double drainSeconds) {

        /** CPU of the job itself: the process less the in-process broker and the load generator. */
        public double jobSeconds() {
            return cpuSeconds - harnessSeconds;
        }

        /** The job's CPU outside the front end, VAD and recognition: Flink, state, Kafka clients, GC, JIT. */
        public double frameworkSeconds() {
            return jobSeconds() - frontEndSeconds - vadSeconds - recognitionSeconds;
        }

        /** Kept up with real time: finals stayed prompt and every leg finished soon after its audio. */
        public boolean keptUp() {
            return percentile(operatorLatencyMs, 95) < 3000 && summaries == legs && drainSeconds < 20;
        }
    }

    /** One reader for the measuring consumers: a mapper per record would rebuild its deserializers each time. */
    private static final ObjectReader SEGMENTS = new ObjectMapper().readerFor(TranscriptSegment.class);

    /** Thread names and client IDs of the load generator begin with this. */
    static final String HARNESS = "bench";

    private final List<Path[]> calls;
    private final Configuration base;

    /** @param calls agent and customer recordings of real calls, reused round-robin */
    public LiveBench(List<Path[]> calls, Configuration base) {
        this.calls = calls;
        this.base = base;
    }

    public Result run(EmbeddedKafka kafka, int legs) throws Exception {
        String suffix = "-" + legs + "-" + System.nanoTime();
        Configuration conf = jobConfig(base, kafka, suffix);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        KafkaPipeline.define(env, conf);
        JobClient job = env.executeAsync("callscribe live bench " + legs);

        List<Long> operatorLatency = Collections.synchronizedList(new ArrayList<>());
        List<Long> committedLatency = Collections.synchronizedList(new ArrayList<>());
        Map<String, List<Long>> partialTimes = new HashMap<>();
        List<String> summaries = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean running = new AtomicBoolean(true);
        String transcripts = conf.get(JobOptions.TOPIC_TRANSCRIPTS);
        Thread live = consumer(kafka, "read_uncommitted", List.of(transcripts), running, record -> {
            TranscriptSegment s = SEGMENTS.readValue(record.value());
            if (s.isFinal()) {
                operatorLatency.add(s.endpointToEmitMs());
            } else {
                synchronized (partialTimes) {
                    partialTimes.computeIfAbsent(s.segmentId(), k -> new ArrayList<>()).add(s.emittedAtMs());
                }
            }
        });
        Thread committed = consumer(kafka, "read_committed", List.of(transcripts, conf.get(JobOptions.TOPIC_SUMMARIES)), running, record -> {
            if (record.topic().equals(transcripts)) {
                TranscriptSegment s = SEGMENTS.readValue(record.value());
                if (s.isFinal()) {
                    committedLatency.add(System.currentTimeMillis() - (s.emittedAtMs() - s.endpointToEmitMs()));
                }
            } else {
                summaries.add(new String(record.value()));
            }
        });
        Thread.sleep(5000); // the job's source and the consumers take their positions

        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ThreadCpuAccount threads = new ThreadCpuAccount(HARNESS);
        long cpuStart = os.getProcessCpuTime();
        List<Thread> players = new ArrayList<>();
        double[] audio = new double[1];
        // one producer for all calls, as one gateway would write them
        KafkaReplaySink sink = new KafkaReplaySink(KafkaReplaySink.gatewayProducer(kafka.bootstrapServers(), HARNESS + "-replay" + suffix),
                conf.get(JobOptions.TOPIC_AUDIO), conf.get(JobOptions.TOPIC_EVENTS));
        int copies = (legs / 2 + calls.size() - 1) / calls.size();
        for (int i = 0; i < legs / 2; i++) {
            AudioClip[] call = CallPairs.copy(calls.get(i % calls.size()), i / calls.size(), copies);
            CallReplayer replayer = CallReplayer.builder().tenant("bench").callId("bench" + suffix + "-" + i).legs(call[0], call[1])
                    .codec(Codec.PCMU).impairments(Impairments.NONE).seed(i).pacing(Pacing.REAL_TIME).build();
            audio[0] += 2 * replayer.duration().toMillis() / 1000.0;
            long delay = (i * 1300L) % 5000;
            Thread t = new Thread(() -> {
                try {
                    Thread.sleep(delay);
                    replayer.replay(sink);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, HARNESS + "-call-" + i);
            t.start();
            players.add(t);
        }
        for (Thread t : players) {
            t.join();
        }
        sink.close();
        long replayEnd = System.currentTimeMillis();
        while (summaries.size() < legs && System.currentTimeMillis() - replayEnd < 60_000) {
            Thread.sleep(200);
        }
        double drain = (System.currentTimeMillis() - replayEnd) / 1000.0;
        long cpu = os.getProcessCpuTime() - cpuStart;
        threads.close();
        double frontEnd = MetricsCapture.sum("legs.frontEndCpuNanos") / 1e9;
        double vad = MetricsCapture.sum("legs.vadCpuNanos") / 1e9;
        double recognition = MetricsCapture.max("inference.recognitionCpuNanos") / 1e9;
        double shed = MetricsCapture.max("inference.partialsShed");
        double batch = MetricsCapture.max("inference.meanBatchSize");
        running.set(false);
        live.join();
        committed.join();
        job.cancel().get();
        return new Result(legs, audio[0], new ArrayList<>(operatorLatency), new ArrayList<>(committedLatency),
                medianInterval(partialTimes), shed, cpu / 1e9, threads.harnessSeconds(), frontEnd, vad, recognition, batch,
                summaries.size(), drain);
    }

    /**
     * The job's settings for one run on its own topics (created here, named with {@code suffix}):
     * checkpoints every 2 s to a local folder, as a production job writes them to its checkpoint
     * storage (the JobManager's memory, Flink's default, holds at most 5 MB, less than the recognizer's
     * queue of requests with their audio under load), and the job's metrics captured in this JVM.
     */
    static Configuration jobConfig(Configuration base, EmbeddedKafka kafka, String suffix) throws IOException {
        Configuration conf = new Configuration(base);
        conf.set(JobOptions.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        conf.set(JobOptions.GROUP_ID, "bench" + suffix);
        conf.set(JobOptions.STARTING_OFFSETS, "earliest");
        for (var topic : List.of(JobOptions.TOPIC_AUDIO, JobOptions.TOPIC_EVENTS, JobOptions.TOPIC_TRANSCRIPTS, JobOptions.TOPIC_REVIEW,
                JobOptions.TOPIC_SUMMARIES, JobOptions.TOPIC_DEAD_LETTERS)) {
            conf.set(topic, topic.defaultValue() + suffix);
            kafka.createTopics(TopicSpec.of(topic.defaultValue() + suffix, topic == JobOptions.TOPIC_AUDIO ? 4 : 1));
        }
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(2));
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                Files.createTempDirectory("callscribe-bench-checkpoints-").toUri().toString());
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.DELETE_ON_CANCELLATION);
        conf.setString("metrics.reporter.capture.factory.class", MetricsCapture.Factory.class.getName());
        return conf;
    }

    interface RecordHandler {
        void accept(ConsumerRecord<byte[], byte[]> record) throws Exception;
    }

    static Thread consumer(EmbeddedKafka kafka, String isolation, List<String> topics, AtomicBoolean running, RecordHandler handler) {
        Thread t = new Thread(() -> {
            Properties config = new Properties();
            config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            config.put(ConsumerConfig.GROUP_ID_CONFIG, HARNESS + "-" + isolation + "-" + System.nanoTime());
            config.put(ConsumerConfig.CLIENT_ID_CONFIG, HARNESS + "-" + isolation + "-" + System.nanoTime());
            config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
            config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
                consumer.subscribe(topics);
                while (running.get()) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                        handler.accept(r);
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, HARNESS + "-consumer-" + isolation);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static double medianInterval(Map<String, List<Long>> partialTimes) {
        List<Long> gaps = new ArrayList<>();
        synchronized (partialTimes) {
            for (List<Long> times : partialTimes.values()) {
                Collections.sort(times);
                for (int i = 1; i < times.size(); i++) {
                    gaps.add(times.get(i) - times.get(i - 1));
                }
            }
        }
        return percentile(gaps, 50);
    }

    public static long percentile(List<Long> values, int p) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
