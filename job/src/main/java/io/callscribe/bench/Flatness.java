package io.callscribe.bench;

import java.util.List;

/**
 * Whether a figure stayed flat over a soak: the mean of its last third of samples against the mean
 * of its first third, weighed against the samples' own scatter. RocksDB's files and checkpoints
 * rise and fall by half with every compaction, so a difference of means smaller than twice its
 * standard error says nothing about growth. Unreadable samples (-1) are left out.
 *
 * @param growth last third over first third, less one; null where the first third is 0
 * @param noise twice the standard error of the difference of the two means, over the first third's
 *     mean (0 where a third has one sample, so no scatter to weigh); null where the first third is 0
 * @param verdict {@code flat}, {@code GROWS} or {@code n/a} (fewer than three samples)
 */
public record Flatness(String figure, double firstThird, double lastThird, Double growth, Double noise, String verdict) {

    /** Growth below this is flat. */
    public static final double MAX_GROWTH = 0.10;
    public static final String RULE = "GROWS = the mean of the last third of the samples is at least 10 % above the mean of "
            + "the first third, and by more than twice the standard error of that difference (the samples' scatter)";

    public static Flatness of(String figure, List<? extends Number> samples) {
        List<Double> values = samples.stream().map(Number::doubleValue).filter(v -> v >= 0).toList();
        if (values.size() < 3) {
            return new Flatness(figure, Double.NaN, Double.NaN, null, null, "n/a");
        }
        int third = values.size() / 3;
        List<Double> firstValues = values.subList(0, third);
        List<Double> lastValues = values.subList(values.size() - third, values.size());
        double first = mean(firstValues);
        double last = mean(lastValues);
        double twoErrors = 2 * Math.sqrt(varianceOfMean(firstValues) + varianceOfMean(lastValues));
        Double growth = first > 0 ? last / first - 1 : null;
        Double noise = first > 0 ? twoErrors / first : null;
        boolean grows = growth != null ? growth >= MAX_GROWTH && last - first > twoErrors : last > twoErrors;
        return new Flatness(figure, first, last, growth, noise, grows ? "GROWS" : "flat");
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** The sample variance over n: the squared standard error of the mean; 0 for a single value. */
    private static double varianceOfMean(List<Double> values) {
        int n = values.size();
        if (n < 2) {
            return 0;
        }
        double m = mean(values);
        double squares = values.stream().mapToDouble(v -> (v - m) * (v - m)).sum();
        return squares / (n - 1) / n;
    }
}
