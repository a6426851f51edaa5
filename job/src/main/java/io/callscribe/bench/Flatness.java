package io.callscribe.bench;

import java.util.List;

/**
 * Whether a figure stayed flat over a soak: the mean of its last third of samples against the mean
 * of its first third. Unreadable samples (-1) are left out.
 *
 * @param growth last third over first third, less one; null where the first third is 0
 * @param verdict {@code flat}, {@code GROWS} or {@code n/a} (fewer than three samples)
 */
public record Flatness(String figure, double firstThird, double lastThird, Double growth, String verdict) {

    /** Growth below this is flat. */
    public static final double MAX_GROWTH = 0.10;
    public static final String RULE = "flat = the mean of the last third of the samples is less than 10 % above the mean of "
            + "the first third";

    public static Flatness of(String figure, List<? extends Number> samples) {
        List<Double> values = samples.stream().map(Number::doubleValue).filter(v -> v >= 0).toList();
        if (values.size() < 3) {
            return new Flatness(figure, Double.NaN, Double.NaN, null, "n/a");
        }
        int third = values.size() / 3;
        double first = mean(values.subList(0, third));
        double last = mean(values.subList(values.size() - third, values.size()));
        Double growth = first > 0 ? last / first - 1 : null;
        boolean flat = growth != null ? growth < MAX_GROWTH : last == 0;
        return new Flatness(figure, first, last, growth, flat ? "flat" : "GROWS");
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
