package io.callscribe.contract;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A word of a transcript segment; times in ms on the call's clock. */
public record WordTiming(
        @JsonProperty("text") String text,
        @JsonProperty("startMs") long startMs,
        @JsonProperty("endMs") long endMs,
        @JsonProperty("confidence") float confidence) {}
