package io.callscribe.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callscribe.audio.AudioClip;
import io.callscribe.audio.AudioFiles;
import io.callscribe.audio.ResamplerKind;
import io.callscribe.contract.Leg;
import io.callscribe.models.ModelStore;
import io.callscribe.models.asr.DecodingBias;
import io.callscribe.models.asr.Transcript;
import io.callscribe.models.hotwords.HotwordRules;
import io.callscribe.models.runtime.ExecutionProvider;
import io.callscribe.pipeline.LegKey;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shared executor's queueing rules, on the real tiny recognizer and real call audio. A long
 * final keeps the single worker busy while the test arranges the queue behind it.
 */
class InferenceExecutorTest {

    private static final LegKey AGENT = new LegKey("t", "call-1", Leg.AGENT);
    private static final LegKey CUSTOMER = new LegKey("t", "call-1", Leg.CUSTOMER);
    private static float[] call;
    private static InferenceExecutor executor;

    @BeforeAll
    static void start() throws Exception {
        String dir = System.getProperty("callscribe.evalDir", "/work/shared/eval");
        Path file = Path.of(dir, "hvb-callcenter-dev", "calls", "agent").toFile().listFiles((d, n) -> n.endsWith(".wav"))[0].toPath();
        AudioClip clip = AudioFiles.read(file);
        call = AudioClip.ofMono(clip.mono(), clip.sampleRate()).resampledTo(16_000, ResamplerKind.SINC).channel(0);
        executor = InferenceExecutor.acquire(new InferenceSettings(ModelStore.defaultRoot().toString(), "moonshine-tiny",
                ExecutionProvider.CPU, 1, 1, 8, 16, 2, 60_000, HotwordRules.DEFAULTS));
    }

    @AfterAll
    static void stop() {
        executor.close();
    }

    /**
     * A bias that breaks every search using it, as a faulty hot-word graph would: the recognizer
     * and model are real, the failure comes from inside the model call.
     */
    private static final DecodingBias BROKEN_BIAS = new DecodingBias() {
        @Override
        public int startState() {
            throw new IllegalStateException("broken hot-word graph");
        }

        @Override
        public Step advance(int state, int token) {
            throw new IllegalStateException("broken hot-word graph");
        }

        @Override
        public float finish(int state) {
            throw new IllegalStateException("broken hot-word graph");
        }
    };

    /** A bias whose first {@code stalls} searches hang for {@code stallMs}, as a stuck model call would. */
    private static DecodingBias stalling(int stalls, long stallMs) {
        AtomicInteger left = new AtomicInteger(stalls);
        return new DecodingBias() {
            @Override
            public int startState() {
                if (left.getAndDecrement() > 0) {
                    try {
                        Thread.sleep(stallMs);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return 0;
            }

            @Override
            public Step advance(int state, int token) {
                return new Step(0f, 0);
            }

            @Override
            public float finish(int state) {
                return 0f;
            }
        };
    }

    private static float[] seconds(double from, double length) {
        return Arrays.copyOfRange(call, (int) (from * 16_000), (int) ((from + length) * 16_000));
    }

    /** Submits a long final and returns once the worker has taken it off the queue. */
    private static CompletableFuture<Transcript> busyWorker() throws InterruptedException {
        CompletableFuture<Transcript> busy = executor.submit(CUSTOMER, RequestKind.FINAL, seconds(0, 25), DecodingBias.NONE);
        while (executor.queueDepth() > 0) {
            Thread.sleep(1);
        }
        return busy;
    }

    @Test
    void aFinalIsBatchedWithSimilarFinalsOnlyNeverWithPartials() throws Exception {
        CompletableFuture<Transcript> busy = busyWorker();
        List<String> batches = new CopyOnWriteArrayList<>();
        CompletableFuture<Transcript> partial = executor.submit(AGENT, RequestKind.PARTIAL, seconds(10, 3), DecodingBias.NONE);
        CompletableFuture<Transcript> shortFinal = executor.submit(AGENT, RequestKind.FINAL, seconds(20, 3), DecodingBias.NONE);
        CompletableFuture<Transcript> similarFinal = executor.submit(CUSTOMER, RequestKind.FINAL, seconds(30, 3.1), DecodingBias.NONE);
        CompletableFuture<Transcript> longFinal = executor.submit(CUSTOMER, RequestKind.FINAL, seconds(40, 9), DecodingBias.NONE);
        assertEquals(4, executor.queueDepth(), "the worker is still on the long final");
        // completion callbacks run on the worker right after its batch, before it takes the next one
        CompletableFuture.allOf(busy, similarFinal,
                shortFinal.thenRun(() -> batches.add("short final in a batch of " + executor.lastBatchSize())),
                longFinal.thenRun(() -> batches.add("long final in a batch of " + executor.lastBatchSize())),
                partial.thenRun(() -> batches.add("partial in a batch of " + executor.lastBatchSize())))
                .get(120, TimeUnit.SECONDS);
        assertEquals(List.of("short final in a batch of 2", "long final in a batch of 1", "partial in a batch of 1"), batches);
    }

    @Test
    void aPartialWhileTheLegsPreviousOneIsRecognizedIsSkippedAndAQueuedOneIsSuperseded() throws Exception {
        CompletableFuture<Transcript> busy = busyWorker();
        CompletableFuture<Transcript> first = executor.submit(AGENT, RequestKind.PARTIAL, seconds(10, 2), DecodingBias.NONE);
        CompletableFuture<Transcript> second = executor.submit(AGENT, RequestKind.PARTIAL, seconds(0, 25), DecodingBias.NONE);
        ExecutionException superseded = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> first.get(1, TimeUnit.SECONDS));
        assertInstanceOf(ShedException.class, superseded.getCause());
        busy.get(120, TimeUnit.SECONDS);
        while (executor.queueDepth() > 0) {
            Thread.sleep(1);
        }
        long shedBefore = executor.shedCount();
        CompletableFuture<Transcript> third = executor.submit(AGENT, RequestKind.PARTIAL, seconds(10, 4), DecodingBias.NONE);
        // 25 s of speech keep the worker busy far longer than it takes to get here
        assertFalse(second.isDone());
        assertTrue(third.isCompletedExceptionally(), "skipped at once: the leg's previous partial is in flight");
        assertEquals(shedBefore + 1, executor.shedCount());
        second.get(120, TimeUnit.SECONDS); // recognized, not shed
        CompletableFuture<Transcript> afterwards = executor.submit(AGENT, RequestKind.PARTIAL, seconds(10, 4), DecodingBias.NONE);
        afterwards.get(120, TimeUnit.SECONDS); // the leg's partials flow again
    }

    @Test
    void aFinalTakesTheResultOfItsPausePartialWhichIsRecognizedAheadOfPlainPartials() throws Exception {
        CompletableFuture<Transcript> busy = busyWorker();
        CompletableFuture<Transcript> plain = executor.submit(CUSTOMER, RequestKind.PARTIAL, seconds(50, 2), DecodingBias.NONE);
        CompletableFuture<Transcript> earlierPause = executor.submit(AGENT, RequestKind.PAUSE_PARTIAL, seconds(10, 2), DecodingBias.NONE);
        CompletableFuture<Transcript> pause = executor.submit(AGENT, RequestKind.PAUSE_PARTIAL, seconds(10, 3), DecodingBias.NONE);
        ExecutionException superseded = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> earlierPause.get(1, TimeUnit.SECONDS));
        assertInstanceOf(ShedException.class, superseded.getCause(), "a later pause of the leg replaces a queued one");
        long takenBefore = executor.pauseResultsTaken();
        CompletableFuture<Transcript> fin = executor.submit(AGENT, RequestKind.FINAL, seconds(10, 3), DecodingBias.NONE);
        assertEquals(2, executor.queueDepth(), "the final is not queued again: the pause partial and the plain partial are");
        assertEquals(takenBefore + 1, executor.pauseResultsTaken());
        List<String> order = new CopyOnWriteArrayList<>();
        CompletableFuture.allOf(busy, fin.thenRun(() -> order.add("final")), plain.thenRun(() -> order.add("plain partial")))
                .get(120, TimeUnit.SECONDS);
        assertEquals(List.of("final", "plain partial"), order, "the pause partial goes with the finals");
        assertEquals(pause.get().text(), fin.get().text());

        // different audio (speech resumed, the endpoint came later): the final is recognized itself
        CompletableFuture<Transcript> resumed = executor.submit(AGENT, RequestKind.PAUSE_PARTIAL, seconds(20, 2), DecodingBias.NONE);
        resumed.get(120, TimeUnit.SECONDS);
        CompletableFuture<Transcript> longer = executor.submit(AGENT, RequestKind.FINAL, seconds(20, 4), DecodingBias.NONE);
        assertEquals(takenBefore + 1, executor.pauseResultsTaken(), "not taken over");
        longer.get(120, TimeUnit.SECONDS);
    }

    @Test
    void aFinalFindingTheWorkerOnPartialsStopsThemAndGoesFirst() throws Exception {
        long stoppedBefore = executor.partialsStopped();
        AtomicReference<CompletableFuture<Transcript>> fin = new AtomicReference<>();
        // Runs on the worker as the partial's model call begins: the final then finds no worker free.
        InferenceExecutor.BatchListener finalArrives = (size, waits) -> fin.compareAndSet(null,
                executor.submit(CUSTOMER, RequestKind.FINAL, seconds(0, 8), DecodingBias.NONE));
        executor.addListener(finalArrives);
        CompletableFuture<Transcript> partial;
        try {
            partial = executor.submit(AGENT, RequestKind.PARTIAL, seconds(0, 25), DecodingBias.NONE);
            ExecutionException stopped = assertThrows(ExecutionException.class, () -> partial.get(120, TimeUnit.SECONDS));
            assertInstanceOf(ShedException.class, stopped.getCause());
            assertEquals("stopped for a final", stopped.getCause().getMessage());
        } finally {
            executor.removeListener(finalArrives);
        }
        assertFalse(fin.get().get(120, TimeUnit.SECONDS).text().isBlank(), "the final is recognized");
        assertEquals(stoppedBefore + 1, executor.partialsStopped());
        // the leg's partials are recognized again
        assertFalse(executor.submit(AGENT, RequestKind.PARTIAL, seconds(0, 8), DecodingBias.NONE).get(120, TimeUnit.SECONDS).text().isBlank());
    }

    @Test
    void aRequestItsRequesterWithdrewIsNotRecognized() throws Exception {
        CompletableFuture<Transcript> busy = busyWorker();
        AtomicInteger recognized = new AtomicInteger();
        InferenceExecutor.BatchListener count = (size, waits) -> recognized.addAndGet(size);
        executor.addListener(count);
        try {
            CompletableFuture<Transcript> withdrawn = executor.submit(AGENT, RequestKind.FINAL, seconds(10, 3), DecodingBias.NONE);
            CompletableFuture<Transcript> kept = executor.submit(CUSTOMER, RequestKind.FINAL, seconds(20, 3), DecodingBias.NONE);
            withdrawn.cancel(false); // as a closing AsyncRecognizer does with its unanswered requests
            busy.get(120, TimeUnit.SECONDS);
            kept.get(120, TimeUnit.SECONDS);
            assertEquals(1, recognized.get(), "only the request still wanted reached the model");
            assertEquals(0, executor.queueDepth());
        } finally {
            executor.removeListener(count);
        }
    }

    @Test
    void aFinalWhoseAttemptTimesOutIsRetriedOnAnotherWorkerThenFailedWhenEveryAttemptDoes() throws Exception {
        InferenceSettings twoWorkers = new InferenceSettings(ModelStore.defaultRoot().toString(), "moonshine-tiny",
                ExecutionProvider.CPU, 2, 1, 8, 16, 2, 1_000, HotwordRules.DEFAULTS);
        try (InferenceExecutor executor = InferenceExecutor.acquire(twoWorkers)) {
            long started = System.nanoTime();
            Transcript retried = executor.submit(AGENT, RequestKind.FINAL, seconds(10, 2), stalling(1, 4_000))
                    .get(60, TimeUnit.SECONDS);
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            assertNotNull(retried.text());
            assertEquals(1, executor.retryCount(), "the stuck attempt timed out and the final went to the other worker");
            assertTrue(tookMs < 4_000, "answered by the second attempt, not the stuck first: " + tookMs + " ms");

            Thread.sleep(4_000); // the stuck worker comes back
            CompletableFuture<Transcript> hopeless = executor.submit(AGENT, RequestKind.FINAL, seconds(10, 2), stalling(2, 3_000));
            ExecutionException failed = assertThrows(ExecutionException.class, () -> hopeless.get(60, TimeUnit.SECONDS));
            assertInstanceOf(java.util.concurrent.TimeoutException.class, failed.getCause(), "both attempts timed out");
            assertEquals(2, executor.retryCount());
        }
    }

    @Test
    void aFinalWhoseRecognitionFailsIsRetriedThenFailedAndAPartialIsNotRetried() throws Exception {
        long retriesBefore = executor.retryCount();
        CompletableFuture<Transcript> failingFinal = executor.submit(AGENT, RequestKind.FINAL, seconds(10, 2), BROKEN_BIAS);
        ExecutionException failed = assertThrows(ExecutionException.class, () -> failingFinal.get(60, TimeUnit.SECONDS));
        assertEquals("broken hot-word graph", failed.getCause().getMessage());
        assertEquals(retriesBefore + 1, executor.retryCount(), "two attempts (inference.final-attempts=2): one retry, then failed");

        CompletableFuture<Transcript> failingPartial = executor.submit(AGENT, RequestKind.PARTIAL, seconds(10, 2), BROKEN_BIAS);
        assertThrows(ExecutionException.class, () -> failingPartial.get(60, TimeUnit.SECONDS));
        assertEquals(retriesBefore + 1, executor.retryCount(), "a partial is not retried: the next one replaces it");

        Transcript next = executor.submit(AGENT, RequestKind.FINAL, seconds(10, 2), DecodingBias.NONE).get(60, TimeUnit.SECONDS);
        assertNotNull(next.text(), "the executor goes on after a failure");
    }
}
