package io.callscribe.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * A partial or final transcript of one utterance on {@code transcripts} (key: call ID), JSON.
 * Partials of an utterance share its {@code segmentId} and carry increasing {@code revision}s; the
 * final has the highest. Consumers keep, per segment ID, the highest revision seen.
 *
 * @param segmentId deterministic: {@code <callId>/<leg>/<start sample at 16 kHz>}, stable across
 *     restarts, so replays and at-least-once partials deduplicate
 * @param startMs segment start on the call's clock (ms since the leg's first frame)
 * @param confidence expected share of correct words (calibrated)
 * @param text the words' texts joined by spaces, after the tenant's PII policy (see {@link WordTiming#pii})
 * @param flags {@code LOW_CONFIDENCE}, {@code FAILED}, {@code TOKEN_LIMIT}, {@code REPETITION}, {@code END_AT_START}
 * @param endpointToEmitMs time from the segment's endpoint (its last audio arriving) to emission
 * @param callStartMs epoch ms at which the call's clock reads 0 (the call-started event's time, or the
 *     leg's first frame's capture time without one): {@code callStartMs + startMs} is the segment's event time
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TranscriptSegment(
        @JsonProperty("v") int version,
        @JsonProperty("segmentId") String segmentId,
        @JsonProperty("tenant") String tenant,
        @JsonProperty("callId") String callId,
        @JsonProperty("leg") Leg leg,
        @JsonProperty("revision") int revision,
        @JsonProperty("final") boolean isFinal,
        @JsonProperty("startMs") long startMs,
        @JsonProperty("endMs") long endMs,
        @JsonProperty("text") String text,
        @JsonProperty("words") List<WordTiming> words,
        @JsonProperty("confidence") float confidence,
        @JsonProperty("flags") List<String> flags,
        @JsonProperty("hotwords") List<String> hotwords,
        @JsonProperty("modelId") String modelId,
        @JsonProperty("endpointToEmitMs") long endpointToEmitMs,
        @JsonProperty("emittedAtMs") long emittedAtMs,
        @JsonProperty("callStartMs") long callStartMs) {

    /** 2: words may carry {@code pii}. Readers ignore fields they do not know, so a v1 reader reads v2. */
    public static final int VERSION = 2;
}
