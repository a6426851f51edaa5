package io.callscribe.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One leg's summary when its call ends, on {@code call-summaries} (key: call ID), JSON.
 *
 * @param talkTimeMs total duration of the leg's speech segments
 * @param endedBy {@code event} (call-ended event) or {@code idle} (no frames for the idle timeout)
 * @param endedAtMs processing time when the summary was made
 * @param callStartMs epoch ms at which the call's clock reads 0, as on the leg's transcript segments
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CallSummary(
        @JsonProperty("v") int version,
        @JsonProperty("tenant") String tenant,
        @JsonProperty("callId") String callId,
        @JsonProperty("leg") Leg leg,
        @JsonProperty("text") String text,
        @JsonProperty("talkTimeMs") long talkTimeMs,
        @JsonProperty("segments") int segments,
        @JsonProperty("meanConfidence") float meanConfidence,
        @JsonProperty("reviewCount") int reviewCount,
        @JsonProperty("endedBy") String endedBy,
        @JsonProperty("endedAtMs") long endedAtMs,
        @JsonProperty("callStartMs") long callStartMs) {

    public static final int VERSION = 1;
}
