package io.callscribe.text.pii;

import java.util.Arrays;
import java.util.Locale;

/** What to do with a sensitive span. */
public enum PiiPolicy {
    /** Replace the span by its category's placeholder ({@code [card]}) and mark it. */
    REDACT,
    /** Keep the words and mark them, for downstream systems that are cleared to hold the data. */
    TAG,
    /** Leave transcripts as recognized. */
    OFF;

    /** {@code redact}, {@code TAG}, ...; a clear error naming the valid values otherwise. */
    public static PiiPolicy parse(String value) {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("PII policy must be one of " + Arrays.toString(values()).toLowerCase(Locale.ROOT)
                    + ", not '" + value + "'");
        }
    }
}
