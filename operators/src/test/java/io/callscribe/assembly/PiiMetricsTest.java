package io.callscribe.assembly;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.callscribe.text.pii.PiiCategory;
import io.callscribe.text.pii.PiiSpan;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

class PiiMetricsTest {

    /** A metric group that keeps its counters by dotted name. */
    private static final class Recorded extends UnregisteredMetricsGroup {
        final Map<String, Counter> counters;
        final String prefix;

        Recorded(Map<String, Counter> counters, String prefix) {
            this.counters = counters;
            this.prefix = prefix;
        }

        @Override
        public MetricGroup addGroup(String name) {
            return new Recorded(counters, prefix + name + ".");
        }

        @Override
        public Counter counter(String name) {
            return counters.computeIfAbsent(prefix + name, n -> new SimpleCounter());
        }
    }

    @Test
    void spansAreCountedPerCategoryUnderTranscriptsPii() {
        Map<String, Counter> counters = new TreeMap<>();
        PiiMetrics metrics = new PiiMetrics(new Recorded(counters, "").addGroup("transcripts"));
        metrics.countFinal(List.of(new PiiSpan(0, 3, PiiCategory.CARD), new PiiSpan(4, 5, PiiCategory.CVV)));
        metrics.countFinal(List.of(new PiiSpan(1, 2, PiiCategory.CARD)));
        assertEquals(PiiCategory.values().length, counters.size());
        assertEquals(2, counters.get("transcripts.pii.card").getCount());
        assertEquals(1, counters.get("transcripts.pii.cvv").getCount());
        assertEquals(0, counters.get("transcripts.pii.email").getCount());
    }
}
