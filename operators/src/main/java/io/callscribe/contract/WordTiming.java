package io.callscribe.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A word of a transcript segment; times in ms on the call's clock.
 *
 * @param pii the sensitive-data category of the word ({@code card}, {@code cvv}, {@code expiry},
 *     {@code ssn}, {@code phone}, {@code email}, {@code number}), absent for ordinary words. Under the
 *     {@code redact} policy a whole span is one word whose text is the placeholder ({@code [card]});
 *     under {@code tag} each of its words keeps its text and carries the category.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record WordTiming(
        @JsonProperty("text") String text,
        @JsonProperty("startMs") long startMs,
        @JsonProperty("endMs") long endMs,
        @JsonProperty("confidence") float confidence,
        @JsonProperty("pii") String pii) {

    /** An ordinary word. */
    public WordTiming(String text, long startMs, long endMs, float confidence) {
        this(text, startMs, endMs, confidence, null);
    }
}
