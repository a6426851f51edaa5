package io.callscribe.inference;

import io.callscribe.contract.WordTiming;
import io.callscribe.models.asr.DecodingBias;
import io.callscribe.models.hotwords.HotwordException;
import io.callscribe.models.hotwords.HotwordSet;
import io.callscribe.models.asr.Transcript;
import io.callscribe.models.asr.Word;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Flink async I/O stage: hands requests to the TaskManager's shared {@link InferenceExecutor} and
 * turns transcripts into results with words on the call's clock. A shed partial becomes a SHED
 * result (counted, dropped downstream); a final that fails or times out becomes a FAILED result,
 * which the assembler emits flagged and routes to review.
 */
public final class AsyncRecognizer extends RichAsyncFunction<RecognitionRequest, RecognitionResult> {

    private final InferenceSettings settings;
    private transient InferenceExecutor executor;
    private transient Counter failedFinals;
    private transient Counter hotwordErrors;
    private transient Map<String, Counter> hotwordHits;
    private transient Histogram recognitionLatencyMs;
    private transient InferenceExecutor.BatchListener batchMetrics;
    /** This instance's requests not yet answered: withdrawn from the shared queue when it closes. */
    private transient Set<CompletableFuture<Transcript>> pending;

    public AsyncRecognizer(InferenceSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext context) {
        executor = InferenceExecutor.acquire(settings);
        pending = ConcurrentHashMap.newKeySet();
        MetricGroup metrics = getRuntimeContext().getMetricGroup().addGroup("inference");
        metrics.gauge("queueDepth", (Gauge<Integer>) executor::queueDepth);
        metrics.gauge("lastBatchSize", (Gauge<Integer>) executor::lastBatchSize);
        metrics.gauge("meanBatchSize", (Gauge<Double>) executor::meanBatchSize);
        metrics.gauge("partialsShed", (Gauge<Long>) executor::shedCount);
        metrics.gauge("finalRetries", (Gauge<Long>) executor::retryCount);
        metrics.gauge("pauseResultsTaken", (Gauge<Long>) executor::pauseResultsTaken);
        metrics.gauge("partialsStopped", (Gauge<Long>) executor::partialsStopped);
        metrics.gauge("recognitionNanos", (Gauge<Long>) executor::recognitionNanos);
        metrics.gauge("recognitionCpuNanos", (Gauge<Long>) executor::recognitionCpuNanos);
        metrics.gauge("realTimeFactor", (Gauge<Double>) executor::realTimeFactor);
        failedFinals = metrics.counter("failedFinals");
        hotwordErrors = metrics.counter("hotwordErrors");
        hotwordHits = new ConcurrentHashMap<>();
        recognitionLatencyMs = metrics.histogram("recognitionLatencyMs", new DescriptiveStatisticsHistogram(1000));
        Histogram batchSize = metrics.histogram("batchSize", new DescriptiveStatisticsHistogram(1000));
        Histogram queueWaitMs = metrics.histogram("queueWaitMs", new DescriptiveStatisticsHistogram(1000));
        batchMetrics = (size, waits) -> {
            batchSize.update(size);
            for (long w : waits) {
                queueWaitMs.update(w);
            }
        };
        executor.addListener(batchMetrics);
    }

    @Override
    public void asyncInvoke(RecognitionRequest request, ResultFuture<RecognitionResult> result) {
        if (request.kind() == RequestKind.LEG_END) {
            executor.forget(request.leg());
            result.complete(List.of(RecognitionResult.passThrough(request, System.currentTimeMillis())));
            return;
        }
        long submitted = System.currentTimeMillis();
        CompletableFuture<Transcript> recognized = executor.submit(request.leg(), request.kind(), request.audioAsFloats(), bias(request));
        pending.add(recognized);
        recognized.whenComplete((transcript, error) -> {
            pending.remove(recognized);
            if (error instanceof CancellationException) {
                return; // this operator closed; its input is replayed from the last checkpoint
            }
            long now = System.currentTimeMillis();
            if (error == null) {
                recognitionLatencyMs.update(now - submitted);
                countHits(request, transcript);
                result.complete(List.of(toResult(request, transcript, now)));
            } else {
                result.complete(List.of(failure(request, unwrap(error), now)));
            }
        });
    }

    /**
     * The request's hot words as a decoding bias. A call's phrases that the model cannot express
     * (or too many) are dropped for the tenant's alone, counted; recognition goes on either way.
     */
    private DecodingBias bias(RecognitionRequest request) {
        HotwordSet tenant = request.tenantHotwords();
        try {
            HotwordSet call = request.hotwords().isEmpty() ? null
                    : settings.hotwords().callSet(request.leg().callId(), request.hotwords());
            return executor.bias(tenant, call);
        } catch (HotwordException e) {
            hotwordErrors.inc();
            try {
                return executor.bias(tenant, null);
            } catch (HotwordException tenantError) {
                return DecodingBias.NONE;
            }
        }
    }

    private void countHits(RecognitionRequest request, Transcript transcript) {
        if (!transcript.hotwords().isEmpty()) {
            hotwordHits.computeIfAbsent(request.leg().tenant(),
                    tenant -> getRuntimeContext().getMetricGroup().addGroup("hotwords").addGroup("tenant", tenant).counter("hits"))
                    .inc(transcript.hotwords().size());
        }
    }

    @Override
    public void timeout(RecognitionRequest request, ResultFuture<RecognitionResult> result) {
        result.complete(List.of(failure(request, new IllegalStateException("recognition timed out"), System.currentTimeMillis())));
    }

    private RecognitionResult failure(RecognitionRequest request, Throwable error, long now) {
        if (request.kind().isPartial()) {
            return new RecognitionResult(request, RecognitionResult.Outcome.SHED, "", List.of(), 0f, List.of(), executor.modelId(), now, List.of());
        }
        failedFinals.inc();
        return new RecognitionResult(request, RecognitionResult.Outcome.FAILED, "", List.of(), 0f,
                List.of("FAILED: " + error.getMessage()), executor.modelId(), now, List.of());
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private RecognitionResult toResult(RecognitionRequest request, Transcript transcript, long now) {
        long segmentStartMs = request.legOffsetMs() + request.startSample() * 1000 / RecognitionRequest.SAMPLE_RATE;
        List<WordTiming> words = new ArrayList<>(transcript.words().size());
        for (Word w : transcript.words()) {
            words.add(new WordTiming(w.text(), segmentStartMs + w.startMs(), segmentStartMs + w.endMs(), w.confidence()));
        }
        List<String> flags = transcript.flags().stream().map(Enum::name).sorted().toList();
        return new RecognitionResult(request, RecognitionResult.Outcome.OK, transcript.text(), words,
                transcript.confidence(), flags, executor.modelId(), now, transcript.hotwords());
    }

    @Override
    public void close() {
        if (executor != null) {
            // a restarted job must not wait behind the recognition of the failed one's requests
            pending.forEach(f -> f.cancel(false));
            executor.removeListener(batchMetrics);
            executor.close();
        }
    }
}
