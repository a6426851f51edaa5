package io.callscribe.inference;

import io.callscribe.contract.WordTiming;

import java.util.List;

/**
 * The recognizer's answer to a request, or its fate (shed, failed). Word times are already on the
 * call's clock.
 *
 * @param outcome {@code OK}, {@code SHED} (partial dropped under load) or {@code FAILED}
 * @param hotwords the request's hot phrases that occur in the text, as written in their sets
 */
public record RecognitionResult(RecognitionRequest request, Outcome outcome, String text, List<WordTiming> words,
        float confidence, List<String> flags, String modelId, long completedAtMs, List<String> hotwords) {

    /** How a request ended. */
    public enum Outcome { OK, SHED, FAILED }

    public static RecognitionResult passThrough(RecognitionRequest request, long nowMs) {
        return new RecognitionResult(request, Outcome.OK, "", List.of(), 1f, List.of(), "", nowMs, List.of());
    }
}
