package io.callscribe.inference;

import io.callscribe.models.ModelDirectory;
import io.callscribe.models.asr.DecodingBias;
import io.callscribe.models.asr.MoonshineRecognizer;
import io.callscribe.models.asr.RecognizerConfig;
import io.callscribe.models.asr.Transcript;
import io.callscribe.models.fetch.ModelFetcher;
import io.callscribe.models.hotwords.HotwordBiasCache;
import io.callscribe.models.hotwords.HotwordCompiler;
import io.callscribe.models.hotwords.HotwordSet;
import io.callscribe.models.runtime.InferenceOptions;
import io.callscribe.pipeline.LegKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One recognizer and its work queue per TaskManager, shared by every slot's async operator, so
 * requests of many calls are batched into one model call. Finals go before partials and are never
 * batched with them (a final would wait for the partials' decoding); a batch holds requests of
 * similar length only, so it is one model call. A newer partial of a leg replaces its queued
 * predecessor; a partial of a leg whose previous partial is still being recognized is skipped;
 * partials past a queue limit are shed; a final that fails is retried, then failed (never dropped).
 * A model call that outlasts the attempt timeout fails its requests' attempt: finals go back on
 * the queue for another worker (the first answer wins), partials are shed.
 * A pause partial goes with the finals, and the final that closes the same audio takes its result
 * (in flight or done) rather than recognizing it again.
 * A final (or pause partial) that finds every worker busy stops a model call of plain partials at
 * its next decoder step, so it waits for at most one step of a partial, not the whole decoding;
 * the stopped partials are shed ({@code partialsStopped}).
 */
public final class InferenceExecutor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InferenceExecutor.class);
    private static final Map<InferenceSettings, InferenceExecutor> SHARED = new HashMap<>();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final int SAMPLE_RATE = RecognitionRequest.SAMPLE_RATE;

    private final InferenceSettings settings;
    private final MoonshineRecognizer recognizer;
    private final HotwordBiasCache hotwordGraphs;
    private final ArrayDeque<Job> finals = new ArrayDeque<>();
    private final ArrayDeque<Job> partials = new ArrayDeque<>();
    private final Map<LegKey, Job> queuedPartialByLeg = new HashMap<>();
    private final Set<LegKey> partialInFlight = new HashSet<>();
    /** Each leg's latest pause partial, until the leg's next final takes or passes it. */
    private final Map<LegKey, Job> pauseByLeg = new HashMap<>();
    private final List<Thread> workers = new ArrayList<>();
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "callscribe-inference-watchdog");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong shed = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong pauseResultsTaken = new AtomicLong();
    private final AtomicLong partialsStopped = new AtomicLong();
    /** The model calls in progress, one per busy worker. */
    private final List<ModelCall> running = new ArrayList<>();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong batchedRequests = new AtomicLong();
    private final AtomicLong recognitionNanos = new AtomicLong();
    private final AtomicLong recognitionCpuNanos = new AtomicLong();
    private final AtomicLong recognizedSamples = new AtomicLong();
    private final List<BatchListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile int lastBatchSize;
    private int references;
    private boolean closed;

    private static final class Job {
        final LegKey leg;
        final RequestKind kind;
        final float[] audio;
        final DecodingBias bias;
        final CompletableFuture<Transcript> future = new CompletableFuture<>();
        final long submittedNanos = System.nanoTime();
        int attempts;

        Job(LegKey leg, RequestKind kind, float[] audio, DecodingBias bias) {
            this.leg = leg;
            this.kind = kind;
            this.audio = audio;
            this.bias = bias;
        }
    }

    /** A worker's model call; one of plain partials may be told to stop for a final. */
    private static final class ModelCall {
        final List<Job> batch;
        final boolean plainPartials;
        final long startedNanos = System.nanoTime();
        volatile boolean stop;

        ModelCall(List<Job> batch) {
            this.batch = batch;
            this.plainPartials = batch.get(0).kind == RequestKind.PARTIAL;
        }
    }

    private InferenceExecutor(InferenceSettings settings) {
        this.settings = settings;
        ModelDirectory model = new ModelFetcher(Path.of(settings.modelRoot())).ensure(settings.modelId());
        this.recognizer = MoonshineRecognizer.builder()
                .model(model)
                .options(InferenceOptions.builder().provider(settings.provider()).intraOpThreads(settings.intraOpThreads()).build())
                .config(RecognizerConfig.GREEDY.withMaxBatch(settings.maxBatch()))
                .build();
        // graphs per tenant version, and per call (about the calls in progress on this TaskManager)
        this.hotwordGraphs = new HotwordBiasCache(new HotwordCompiler(recognizer.vocabulary(), settings.hotwords().limits()), 256, 4096);
        for (int i = 0; i < settings.workers(); i++) {
            Thread t = new Thread(this::work, "callscribe-inference-" + i);
            t.setDaemon(true);
            t.start();
            workers.add(t);
        }
        LOG.info("Inference executor started: {} on {}, {} worker(s), batch up to {}", settings.modelId(),
                recognizer.provider(), settings.workers(), settings.maxBatch());
    }

    /** The executor for these settings in this JVM, created on first use; release with {@link #close()}. */
    public static InferenceExecutor acquire(InferenceSettings settings) {
        synchronized (SHARED) {
            InferenceExecutor executor = SHARED.computeIfAbsent(settings, InferenceExecutor::new);
            synchronized (executor) {
                executor.references++;
            }
            return executor;
        }
    }

    public String modelId() {
        return recognizer.modelId();
    }

    /**
     * The decoding bias for a request: its tenant's set and its call's added phrases, each compiled
     * once (per tenant version, per call) and cached.
     *
     * @throws io.callscribe.models.hotwords.HotwordException when a set cannot be compiled for this model
     */
    public DecodingBias bias(HotwordSet tenant, HotwordSet call) {
        return hotwordGraphs.biasFor(tenant, call);
    }

    /** Queues audio (16 kHz mono) for recognition as a final or one of the partial kinds. */
    public CompletableFuture<Transcript> submit(LegKey leg, RequestKind kind, float[] audio, DecodingBias bias) {
        if (kind == RequestKind.LEG_END) {
            throw new IllegalArgumentException("a leg's end has no audio to recognize");
        }
        Job job = new Job(leg, kind, audio, bias);
        synchronized (this) {
            if (closed) {
                job.future.completeExceptionally(new IllegalStateException("inference executor closed"));
                return job.future;
            }
            if (kind == RequestKind.FINAL) {
                Job pause = pauseByLeg.remove(leg);
                if (pause != null && pause.bias == bias && Arrays.equals(pause.audio, audio)) {
                    pauseResultsTaken.incrementAndGet();
                    // should the pause's recognition fail, the final is recognized on its own
                    return pause.future.exceptionallyCompose(error -> queueFinal(job));
                }
                finals.add(job);
            } else if (kind == RequestKind.PAUSE_PARTIAL) {
                Job previous = pauseByLeg.put(leg, job);
                if (previous != null && finals.remove(previous)) {
                    shed(previous, "superseded by a later pause");
                }
                Job queuedPartial = queuedPartialByLeg.remove(leg);
                if (queuedPartial != null) {
                    partials.remove(queuedPartial);
                    shed(queuedPartial, "superseded by a pause partial");
                }
                finals.add(job);
            } else {
                if (partialInFlight.contains(leg)) {
                    shed(job, "the leg's previous partial is still being recognized");
                    return job.future;
                }
                Job previous = queuedPartialByLeg.put(leg, job);
                if (previous != null) {
                    partials.remove(previous);
                    shed(previous, "superseded by a newer partial");
                }
                if (partials.size() >= settings.maxQueuedPartials()) {
                    queuedPartialByLeg.remove(leg);
                    shed(job, "partial queue full");
                    return job.future;
                }
                partials.add(job);
            }
            if (kind != RequestKind.PARTIAL) {
                makeRoomForFinals();
            }
            notifyAll();
        }
        return job.future;
    }

    /**
     * With no worker free, stops the plain-partials model call that started last (it has done the
     * least), unless enough calls are stopping already for the finals waiting.
     */
    private void makeRoomForFinals() {
        if (running.size() < workers.size()) {
            return; // a worker is waiting, or about to come back to the queue
        }
        int stopping = 0;
        ModelCall latest = null;
        for (ModelCall call : running) {
            if (call.stop) {
                stopping++;
            } else if (call.plainPartials && (latest == null || call.startedNanos > latest.startedNanos)) {
                latest = call;
            }
        }
        if (latest != null && stopping < finals.size()) {
            latest.stop = true;
        }
    }

    private synchronized CompletableFuture<Transcript> queueFinal(Job job) {
        if (closed) {
            job.future.completeExceptionally(new IllegalStateException("inference executor closed"));
        } else {
            finals.add(job);
            notifyAll();
        }
        return job.future;
    }

    /** The leg has ended: drops what the executor remembered of it. */
    public synchronized void forget(LegKey leg) {
        pauseByLeg.remove(leg);
    }

    private void shed(Job job, String reason) {
        shed.incrementAndGet();
        job.future.completeExceptionally(new ShedException(reason));
    }

    public synchronized int queueDepth() {
        return finals.size() + partials.size();
    }

    public long shedCount() {
        return shed.get();
    }

    public long retryCount() {
        return retried.get();
    }

    /** Plain partials whose model call was stopped to make way for a final. */
    public long partialsStopped() {
        return partialsStopped.get();
    }

    /** Finals that took the result of their pause partial instead of being recognized again. */
    public long pauseResultsTaken() {
        return pauseResultsTaken.get();
    }

    public int lastBatchSize() {
        return lastBatchSize;
    }

    /** Wall time spent in model calls, summed over workers. */
    public long recognitionNanos() {
        return recognitionNanos.get();
    }

    /**
     * CPU time of the workers in model calls: recognition's cost. ONNX Runtime's own pool threads
     * (intra-op threads beyond the first) are not included.
     */
    public long recognitionCpuNanos() {
        return recognitionCpuNanos.get();
    }

    /** Recognition CPU time per second of audio recognized, since start. */
    public double realTimeFactor() {
        long samples = recognizedSamples.get();
        return samples == 0 ? 0 : recognitionCpuNanos.get() / 1e9 / (samples / (double) SAMPLE_RATE);
    }

    /** What one model call did; for metrics. */
    public interface BatchListener {
        /** @param queueWaitMs how long each request of the batch waited for a worker */
        void onBatch(int size, long[] queueWaitMs);
    }

    /** Called after every batch, on the worker thread; remove when the listener's owner closes. */
    public void addListener(BatchListener listener) {
        listeners.add(listener);
    }

    public void removeListener(BatchListener listener) {
        listeners.remove(listener);
    }

    public double meanBatchSize() {
        long b = batches.get();
        return b == 0 ? 0 : batchedRequests.get() / (double) b;
    }

    /** The next model call, registered as running; null once the executor is closed. */
    private ModelCall takeBatch() throws InterruptedException {
        synchronized (this) {
            while (true) {
                dropWithdrawn(finals);
                dropWithdrawn(partials);
                if (closed || !finals.isEmpty() || !partials.isEmpty()) {
                    break;
                }
                wait();
            }
            if (closed) {
                return null;
            }
            List<Job> batch = new ArrayList<>();
            if (!finals.isEmpty()) {
                takeSimilar(finals, batch);
            } else if (!partials.isEmpty()) {
                takeSimilar(partials, batch);
                for (Job p : batch) {
                    queuedPartialByLeg.remove(p.leg, p);
                    partialInFlight.add(p.leg);
                }
            }
            ModelCall call = new ModelCall(batch);
            running.add(call);
            return call;
        }
    }

    /** The worker is done with the call: its legs may have partials recognized again. */
    private synchronized void finished(ModelCall call) {
        running.remove(call);
        releasePartials(call.batch);
    }

    /** Drops jobs whose requester withdrew them (a closed operator cancels its futures). */
    private void dropWithdrawn(ArrayDeque<Job> queue) {
        queue.removeIf(j -> {
            if (!j.future.isDone()) {
                return false;
            }
            queuedPartialByLeg.remove(j.leg, j);
            pauseByLeg.remove(j.leg, j);
            return true;
        });
    }

    /** Moves the oldest job and the queued jobs of similar length (one model call) into {@code batch}. */
    private void takeSimilar(ArrayDeque<Job> queue, List<Job> batch) {
        Job oldest = queue.poll();
        batch.add(oldest);
        double ratio = recognizer.config().maxBatchLengthRatio();
        int shortest = oldest.audio.length;
        int longest = oldest.audio.length;
        for (Iterator<Job> it = queue.iterator(); it.hasNext() && batch.size() < settings.maxBatch(); ) {
            Job j = it.next();
            int lo = Math.min(shortest, j.audio.length);
            int hi = Math.max(longest, j.audio.length);
            if (hi <= lo * ratio) {
                it.remove();
                batch.add(j);
                shortest = lo;
                longest = hi;
            }
        }
    }

    private void work() {
        while (true) {
            ModelCall call;
            try {
                call = takeBatch();
            } catch (InterruptedException e) {
                return;
            }
            if (call == null) {
                return; // closed
            }
            List<Job> batch = call.batch;
            batches.incrementAndGet();
            batchedRequests.addAndGet(batch.size());
            lastBatchSize = batch.size();
            long takenNanos = System.nanoTime();
            long[] waitMs = new long[batch.size()];
            for (int i = 0; i < waitMs.length; i++) {
                waitMs[i] = (takenNanos - batch.get(i).submittedNanos) / 1_000_000;
                recognizedSamples.addAndGet(batch.get(i).audio.length);
            }
            for (BatchListener l : listeners) {
                l.onBatch(batch.size(), waitMs);
            }
            long started = System.nanoTime();
            long startedCpu = THREADS.getCurrentThreadCpuTime();
            ScheduledFuture<?> overdue = watchdog.schedule(() -> attemptTimedOut(batch), settings.attemptTimeoutMs(),
                    TimeUnit.MILLISECONDS);
            try {
                List<Transcript> out = recognizer.recognizeAll(batch.stream().map(j -> j.audio).toList(),
                        batch.stream().map(j -> j.bias).toList(), () -> call.stop);
                recognitionNanos.addAndGet(System.nanoTime() - started);
                recognitionCpuNanos.addAndGet(THREADS.getCurrentThreadCpuTime() - startedCpu);
                overdue.cancel(false);
                finished(call);
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).future.complete(out.get(i));
                }
            } catch (CancellationException e) {
                recognitionCpuNanos.addAndGet(THREADS.getCurrentThreadCpuTime() - startedCpu);
                overdue.cancel(false);
                finished(call);
                partialsStopped.addAndGet(batch.size());
                for (Job job : batch) {
                    shed(job, "stopped for a final");
                }
            } catch (RuntimeException e) {
                overdue.cancel(false);
                finished(call);
                LOG.warn("Recognition of a batch of {} failed: {}", batch.size(), e.getMessage());
                for (Job job : batch) {
                    retryOrFail(job, e);
                }
            }
        }
    }

    private synchronized void releasePartials(List<Job> batch) {
        for (Job j : batch) {
            if (j.kind == RequestKind.PARTIAL) {
                partialInFlight.remove(j.leg);
            }
        }
    }

    /** The batch's model call outlasted the attempt timeout: each request still waiting fails this attempt. */
    private void attemptTimedOut(List<Job> batch) {
        releasePartials(batch);
        TimeoutException late = new TimeoutException("recognition attempt took over " + settings.attemptTimeoutMs() + " ms");
        for (Job job : batch) {
            if (!job.future.isDone()) {
                retryOrFail(job, late);
            }
        }
    }

    private void retryOrFail(Job job, Exception error) {
        synchronized (this) {
            if (job.future.isDone() || finals.contains(job)) {
                return; // answered by another attempt, or already queued again by the attempt timeout
            }
            job.attempts++;
            if (job.kind == RequestKind.FINAL && job.attempts < settings.finalAttempts() && !closed) {
                retried.incrementAndGet();
                finals.addFirst(job);
                notifyAll();
                return;
            }
        }
        job.future.completeExceptionally(error);
    }

    @Override
    public void close() {
        synchronized (SHARED) {
            synchronized (this) {
                if (--references > 0) {
                    return;
                }
                closed = true;
                notifyAll();
                for (Job j : finals) {
                    j.future.completeExceptionally(new IllegalStateException("inference executor closed"));
                }
                for (Job j : partials) {
                    shed(j, "executor closed");
                }
                finals.clear();
                partials.clear();
                pauseByLeg.clear();
            }
            SHARED.remove(settings);
        }
        for (Thread t : workers) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        watchdog.shutdownNow();
        recognizer.close();
    }
}
