package io.callscribe.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A final segment a human should check, on {@code review} (key: call ID), JSON.
 *
 * @param reason why it was routed here, e.g. {@code confidence 0.41 below tenant threshold 0.60}
 * @param audioWavBase64 the segment's audio as a 16 kHz PCM16 WAV, base64, when configured; left out when
 *     the segment's text was PII-redacted, since the audio says what the text hides
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReviewItem(
        @JsonProperty("v") int version,
        @JsonProperty("segment") TranscriptSegment segment,
        @JsonProperty("reason") String reason,
        @JsonProperty("audioWavBase64") String audioWavBase64) {

    public static final int VERSION = 1;
}
