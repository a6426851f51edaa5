package io.callscribe.assembly;

import io.callscribe.text.pii.PiiCategory;
import io.callscribe.text.pii.PiiSpan;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Sensitive spans found in finals, per category ({@code transcripts.pii.card}, ...), redacted or
 * tagged by the tenant's policy. Partials are not counted: each repeats its segment's spans so far.
 */
final class PiiMetrics {

    private final Map<PiiCategory, Counter> spans = new EnumMap<>(PiiCategory.class);

    PiiMetrics(MetricGroup transcripts) {
        MetricGroup group = transcripts.addGroup("pii");
        for (PiiCategory category : PiiCategory.values()) {
            spans.put(category, group.counter(category.wireName()));
        }
    }

    void countFinal(List<PiiSpan> found) {
        for (PiiSpan span : found) {
            spans.get(span.category()).inc();
        }
    }
}
