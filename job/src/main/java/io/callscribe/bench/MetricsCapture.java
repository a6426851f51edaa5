package io.callscribe.bench;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Flink metric reporter that keeps every registered metric reachable in this JVM, so a benchmark
 * (or a test) running the job on a local mini-cluster can read the job's own metrics. Enable with
 * {@code metrics.reporter.capture.factory.class: io.callscribe.bench.MetricsCapture$Factory}.
 */
public final class MetricsCapture implements MetricReporter {

    private static final Map<String, Metric> METRICS = new ConcurrentHashMap<>();

    /** Creates the reporter; named in the configuration. */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new MetricsCapture();
        }
    }

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        METRICS.put(group.getMetricIdentifier(name), metric);
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
        METRICS.remove(group.getMetricIdentifier(name), metric);
    }

    /** Sum over all registered counters and numeric gauges whose identifier ends with {@code suffix}. */
    public static double sum(String suffix) {
        double total = 0;
        for (Map.Entry<String, Metric> e : METRICS.entrySet()) {
            if (!e.getKey().endsWith(suffix)) {
                continue;
            }
            if (e.getValue() instanceof Counter c) {
                total += c.getCount();
            } else if (e.getValue() instanceof Gauge<?> g && g.getValue() instanceof Number n) {
                total += n.doubleValue();
            }
        }
        return total;
    }

    /** The largest value of the numeric gauges whose identifier ends with {@code suffix} (shared gauges repeat). */
    public static double max(String suffix) {
        double best = 0;
        for (Map.Entry<String, Metric> e : METRICS.entrySet()) {
            if (e.getKey().endsWith(suffix) && e.getValue() instanceof Gauge<?> g && g.getValue() instanceof Number n) {
                best = Math.max(best, n.doubleValue());
            }
        }
        return best;
    }

    /** Every registered metric whose identifier ends with {@code suffix}. */
    public static List<Metric> find(String suffix) {
        List<Metric> found = new ArrayList<>();
        for (Map.Entry<String, Metric> e : METRICS.entrySet()) {
            if (e.getKey().endsWith(suffix)) {
                found.add(e.getValue());
            }
        }
        return found;
    }
}
