package io.callscribe.text.pii;

import java.util.List;

/**
 * The sensitive spans of a word list, in order and not overlapping, and what the segment leaves for
 * the next one of its leg.
 */
public record PiiDetection(List<PiiSpan> spans, PiiCarry carry) {

    public PiiDetection {
        spans = List.copyOf(spans);
    }

    public boolean isEmpty() {
        return spans.isEmpty();
    }
}
