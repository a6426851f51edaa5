package io.callscribe.eval;

import io.callscribe.models.asr.ConfidenceCalibration;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * How well word confidence tells right words from wrong ones: ROC AUC, a reliability table
 * (confidence bin vs. observed accuracy), expected calibration error, and the error rate of words
 * below and above a review threshold.
 */
public record ConfidenceReport(int words, double accuracy, double rocAuc, double expectedCalibrationError,
        List<Bin> reliability, double threshold, double errorRateBelow, double errorRateAbove, double shareBelow) {

    /** Words whose confidence fell in [low, high). */
    public record Bin(double low, double high, int count, double meanConfidence, double accuracy) {}

    /** A word's confidence and whether it was right. */
    public record Point(double confidence, boolean correct) {}

    public static List<Point> points(List<ScoredUtterance> utterances, ConfidenceCalibration recalibrate) {
        List<Point> points = new ArrayList<>();
        for (ScoredUtterance u : utterances) {
            for (LabelledWord w : u.words()) {
                double c = recalibrate == null ? w.word().confidence() : recalibrate.wordConfidence(w.word().tokens());
                points.add(new Point(c, w.correct()));
            }
        }
        return points;
    }

    public static ConfidenceReport of(List<Point> points, double threshold) {
        int n = points.size();
        int correct = 0;
        for (Point p : points) {
            correct += p.correct() ? 1 : 0;
        }
        List<Bin> bins = new ArrayList<>();
        double ece = 0;
        for (int b = 0; b < 10; b++) {
            double low = b / 10.0;
            double high = (b + 1) / 10.0;
            int count = 0;
            int right = 0;
            double sum = 0;
            for (Point p : points) {
                if (p.confidence() >= low && (p.confidence() < high || (b == 9 && p.confidence() <= 1))) {
                    count++;
                    sum += p.confidence();
                    right += p.correct() ? 1 : 0;
                }
            }
            if (count > 0) {
                bins.add(new Bin(low, high, count, sum / count, right / (double) count));
                ece += Math.abs(sum / count - right / (double) count) * count / n;
            }
        }
        int below = 0;
        int belowWrong = 0;
        int aboveWrong = 0;
        for (Point p : points) {
            if (p.confidence() < threshold) {
                below++;
                belowWrong += p.correct() ? 0 : 1;
            } else {
                aboveWrong += p.correct() ? 0 : 1;
            }
        }
        return new ConfidenceReport(n, n == 0 ? 0 : correct / (double) n, rocAuc(points), ece, bins, threshold,
                below == 0 ? 0 : belowWrong / (double) below,
                n - below == 0 ? 0 : aboveWrong / (double) (n - below), n == 0 ? 0 : below / (double) n);
    }

    /** Probability that a random right word outranks a random wrong one (ties count half). */
    static double rocAuc(List<Point> points) {
        List<Point> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingDouble(Point::confidence));
        long positives = sorted.stream().filter(Point::correct).count();
        long negatives = sorted.size() - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        double rankSum = 0;
        int i = 0;
        while (i < sorted.size()) {
            int j = i;
            while (j < sorted.size() && sorted.get(j).confidence() == sorted.get(i).confidence()) {
                j++;
            }
            double averageRank = (i + 1 + j) / 2.0;
            for (int k = i; k < j; k++) {
                if (sorted.get(k).correct()) {
                    rankSum += averageRank;
                }
            }
            i = j;
        }
        return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    public String format() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "word confidence: %d words, %.1f%% correct, ROC AUC %.3f, ECE %.3f%n",
                words, 100 * accuracy, rocAuc, expectedCalibrationError));
        s.append(String.format(Locale.ROOT, "  threshold %.2f: %.1f%% of words below, their error rate %.1f%%; above: %.1f%%%n",
                threshold, 100 * shareBelow, 100 * errorRateBelow, 100 * errorRateAbove));
        s.append("  reliability  bin        words  mean conf  accuracy\n");
        for (Bin b : reliability) {
            s.append(String.format(Locale.ROOT, "               [%.1f,%.1f)  %5d   %.3f      %.3f%n",
                    b.low(), b.high(), b.count(), b.meanConfidence(), b.accuracy()));
        }
        return s.toString();
    }
}
