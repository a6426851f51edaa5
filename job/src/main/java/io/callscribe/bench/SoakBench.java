package io.callscribe.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.callscribe.audio.AudioClip;
import io.callscribe.contract.Codec;
import io.callscribe.contract.TranscriptSegment;
import io.callscribe.job.JobOptions;
import io.callscribe.job.KafkaPipeline;
import io.callscribe.kafka.EmbeddedKafka;
import io.callscribe.replay.CallReplayer;
import io.callscribe.replay.Impairments;
import io.callscribe.replay.KafkaReplaySink;
import io.callscribe.replay.Pacing;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.state.rocksdb.RocksDBOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The job under a steady load for a long time: N legs of real call audio replayed in real time,
 * each call followed by the next as it ends, sampled at a fixed interval for what must not grow
 * (live heap, off-heap memory, RocksDB on disk, checkpoint size) and for final latency.
 */
public final class SoakBench {

    /** A soak's samples and each figure's verdict. */
    public record Result(int legs, double settleSeconds, double seconds, double sampleSeconds, int callsStarted, List<SoakSample> samples,
            List<Flatness> verdicts) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Path[]> calls;
    private final Configuration base;

    /** @param calls agent and customer recordings of real calls, replayed round-robin */
    public SoakBench(List<Path[]> calls, Configuration base) {
        this.calls = calls;
        this.base = base;
    }

    /** How long the job keeps an ended leg's marker: keyed state grows for this long before it levels off. */
    public Duration endedCallMemory() {
        return base.get(JobOptions.ENDED_CALL_MEMORY);
    }

    /**
     * Runs the load for {@code settle}, unsampled, then for {@code duration}, sampling every
     * {@code sampleEvery}; each sample goes to {@code onSample} as it is taken. Keyed state fills up
     * over its longest retention (an ended leg's marker, {@code segmentation.ended-call-memory}):
     * only samples after that say whether it leaks.
     */
    public Result run(EmbeddedKafka kafka, int legs, Duration settle, Duration duration, Duration sampleEvery,
            Consumer<SoakSample> onSample) throws Exception {
        if (legs < 2) {
            throw new IllegalArgumentException("a soak needs at least 2 legs (one call), not " + legs);
        }
        if (duration.compareTo(sampleEvery.multipliedBy(3)) < 0) {
            throw new IllegalArgumentException("a soak of " + duration.toSeconds() + " s gives fewer than three samples of "
                    + sampleEvery.toSeconds() + " s: too few to judge whether a figure stays flat");
        }
        String suffix = "-soak-" + legs + "-" + System.nanoTime();
        Path rocksDb = Files.createTempDirectory("callscribe-soak-rocksdb-");
        Configuration conf = LiveBench.jobConfig(base, kafka, suffix);
        conf.set(RocksDBOptions.LOCAL_DIRECTORIES, rocksDb.toString());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        KafkaPipeline.define(env, conf);
        JobClient job = env.executeAsync("callscribe soak " + legs);

        Queue<Long> windowLatencies = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread consumer = LiveBench.consumer(kafka, "read_uncommitted", List.of(conf.get(JobOptions.TOPIC_TRANSCRIPTS)), running, record -> {
            TranscriptSegment s = JSON.readValue(record.value(), TranscriptSegment.class);
            if (s.isFinal()) {
                windowLatencies.add(s.endpointToEmitMs());
            }
        });
        List<Thread> players = new ArrayList<>();
        List<SoakSample> samples = new ArrayList<>();
        AtomicInteger callsStarted = new AtomicInteger();
        try (KafkaReplaySink sink = new KafkaReplaySink(KafkaReplaySink.gatewayProducer(kafka.bootstrapServers(),
                LiveBench.HARNESS + "-replay" + suffix), conf.get(JobOptions.TOPIC_AUDIO), conf.get(JobOptions.TOPIC_EVENTS))) {
            Thread.sleep(5000); // the job's source and the consumer take their positions
            long settled = System.nanoTime() + settle.toNanos();
            long end = settled + duration.toNanos();
            try {
                int copies = (legs / 2 + calls.size() - 1) / calls.size();
                for (int i = 0; i < legs / 2; i++) {
                    players.add(player(i, copies, suffix, sink, end, callsStarted));
                }
                waitUntil(settled);
                windowLatencies.clear(); // the first window starts with the samples
                for (long at = settled + sampleEvery.toNanos(); at <= end; at += sampleEvery.toNanos()) {
                    waitUntil(at);
                    JobStatus status = job.getJobStatus().get();
                    if (status.isGloballyTerminalState()) {
                        job.getJobExecutionResult().get(); // throws the job's failure
                        throw new IllegalStateException("the job stopped during the soak: " + status);
                    }
                    SoakSample sample = sample((System.nanoTime() - settled) / 1e9, rocksDb, windowLatencies);
                    samples.add(sample);
                    onSample.accept(sample);
                }
            } finally {
                players.forEach(Thread::interrupt); // calls still running are cut: the load ends with the soak
                for (Thread t : players) {
                    t.join();
                }
            }
        } finally {
            running.set(false);
            consumer.join();
            if (!job.getJobStatus().get().isGloballyTerminalState()) {
                job.cancel().get();
            }
            deleteRecursively(rocksDb);
        }
        List<Flatness> verdicts = List.of(
                Flatness.of("heap after GC", samples.stream().map(SoakSample::heapAfterGcBytes).toList()),
                Flatness.of("off-heap", samples.stream().map(SoakSample::offHeapBytes).toList()),
                Flatness.of("RocksDB on disk", samples.stream().map(SoakSample::rocksDbBytes).toList()),
                Flatness.of("RocksDB MANIFEST", samples.stream().map(SoakSample::rocksDbManifestBytes).toList()),
                Flatness.of("checkpoint size", samples.stream().map(SoakSample::checkpointBytes).toList()),
                Flatness.of("final latency p95", samples.stream().map(SoakSample::finalLatencyP95Ms).toList()));
        return new Result(legs, settle.toMillis() / 1000.0, duration.toMillis() / 1000.0, sampleEvery.toMillis() / 1000.0,
                callsStarted.get(), samples, verdicts);
    }

    private static void waitUntil(long nanoTime) {
        for (long left = nanoTime - System.nanoTime(); left > 0; left = nanoTime - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    /** Replays calls one after another on its two legs until {@code endNanos}, starting a little apart from the others. */
    private Thread player(int index, int copies, String suffix, KafkaReplaySink sink, long endNanos, AtomicInteger callsStarted) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep((index * 1300L) % 5000);
                for (int k = 0; System.nanoTime() < endNanos; k++) {
                    // players on the same call sequence play rotated copies, not in unison (CallPairs.copy)
                    AudioClip[] call = CallPairs.copy(calls.get((index + k) % calls.size()), index / calls.size(), copies);
                    CallReplayer replayer = CallReplayer.builder().tenant("bench").callId("bench" + suffix + "-" + index + "-" + k)
                            .legs(call[0], call[1]).codec(Codec.PCMU).impairments(Impairments.NONE).seed(index * 1000L + k)
                            .pacing(Pacing.REAL_TIME).build();
                    callsStarted.incrementAndGet();
                    replayer.replay(sink);
                }
            } catch (InterruptedException e) {
                // the soak is over
            } catch (Exception e) {
                if (!Thread.currentThread().isInterrupted()) {
                    throw new IllegalStateException("replay of soak call " + index + " failed", e);
                }
            }
        }, LiveBench.HARNESS + "-soak-call-" + index);
        t.start();
        return t;
    }

    private static SoakSample sample(double seconds, Path rocksDb, Queue<Long> windowLatencies) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        memory.gc();
        long heapUsed = memory.getHeapMemoryUsage().getUsed();
        long rss = residentBytes();
        long offHeap = rss < 0 ? -1 : rss - memory.getHeapMemoryUsage().getCommitted();
        List<Long> latencies = new ArrayList<>();
        for (Long ms = windowLatencies.poll(); ms != null; ms = windowLatencies.poll()) {
            latencies.add(ms);
        }
        OnDisk onDisk = sizeOnDisk(rocksDb);
        return new SoakSample(seconds, heapUsed, offHeap, onDisk.bytes(), onDisk.manifestBytes(),
                (long) MetricsCapture.max("lastCheckpointFullSize"),
                latencies.size(), LiveBench.percentile(latencies, 95));
    }

    /** The process's resident set (VmRSS), or -1 where /proc is not there (not Linux). */
    private static long residentBytes() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
            return lines.filter(l -> l.startsWith("VmRSS:")).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024).orElse(-1L);
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * Bytes of RocksDB's files under {@code dir} (tables, manifests), without its info log
     * ({@code LOG}, {@code LOG.old.*}): that grows with every flush, a checkpoint's worth each time, and
     * is rotated by size ({@code state.backend.rocksdb.log.max-file-size} x {@code log.file-num}), so it
     * says nothing about state. RocksDB adds and deletes files meanwhile, and those are skipped.
     */
    private static OnDisk sizeOnDisk(Path dir) {
        AtomicLong bytes = new AtomicLong();
        AtomicLong manifest = new AtomicLong();
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String name = file.getFileName().toString();
                    if (!name.equals("LOG") && !name.startsWith("LOG.old")) {
                        bytes.addAndGet(attrs.size());
                    }
                    if (name.startsWith("MANIFEST")) {
                        manifest.addAndGet(attrs.size());
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            return new OnDisk(-1, -1);
        }
        return new OnDisk(bytes.get(), manifest.get());
    }

    /** Bytes of RocksDB's files, and of the {@code MANIFEST} files among them; -1 each if unreadable. */
    private record OnDisk(long bytes, long manifestBytes) {}

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
