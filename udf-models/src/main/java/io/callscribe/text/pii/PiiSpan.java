package io.callscribe.text.pii;

/**
 * Sensitive words {@code from} (inclusive) to {@code to} (exclusive) of a word list.
 */
public record PiiSpan(int from, int to, PiiCategory category) {

    public PiiSpan {
        if (from < 0 || to <= from) {
            throw new IllegalArgumentException("span must cover at least one word: [" + from + ", " + to + ")");
        }
    }

    public boolean overlaps(int otherFrom, int otherTo) {
        return from < otherTo && otherFrom < to;
    }
}
