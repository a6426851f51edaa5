package io.callscribe.inference;

import io.callscribe.models.hotwords.HotwordRules;
import io.callscribe.models.runtime.ExecutionProvider;

import java.io.Serializable;

/**
 * How a TaskManager's shared inference executor runs (travels with the job graph, so Serializable).
 *
 * @param modelRoot model cache folder; missing known models are fetched into it
 * @param modelId recognizer model id
 * @param workers threads taking batches off the queue (each runs one model call at a time)
 * @param intraOpThreads ONNX Runtime threads per model call
 * @param maxBatch most requests per model call
 * @param maxQueuedPartials partials beyond this queue depth are shed
 * @param finalAttempts attempts per final before it is given up as FAILED
 * @param attemptTimeoutMs a model call not done in this time is a failed attempt for its requests
 * @param hotwords the limits hot-word sets are compiled under, and the boost of a call's own phrases
 */
public record InferenceSettings(String modelRoot, String modelId, ExecutionProvider provider, int workers,
        int intraOpThreads, int maxBatch, int maxQueuedPartials, int finalAttempts,
        long attemptTimeoutMs, HotwordRules hotwords) implements Serializable {

    public InferenceSettings {
        if (workers < 1 || intraOpThreads < 0 || maxBatch < 1 || maxQueuedPartials < 0 || finalAttempts < 1 || attemptTimeoutMs <= 0) {
            throw new IllegalArgumentException("invalid inference settings: " + this);
        }
    }
}
