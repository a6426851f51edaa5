package io.callscribe.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Input the job could not use, on {@code dead-letters}, JSON: the raw record, why, and when. Nothing
 * bad is dropped silently; every dead letter also counts in the {@code deadLetters} metric by
 * reason.
 *
 * @param reason a stable code for metrics and alerting, e.g. {@code unparseable}, {@code unknown-codec}
 * @param detail a human-readable explanation
 * @param rawBase64 the record's value bytes as received
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeadLetter(
        @JsonProperty("v") int version,
        @JsonProperty("source") String source,
        @JsonProperty("reason") String reason,
        @JsonProperty("detail") String detail,
        @JsonProperty("key") String key,
        @JsonProperty("rawBase64") String rawBase64,
        @JsonProperty("timestampMs") long timestampMs) {

    public static final int VERSION = 1;
}
