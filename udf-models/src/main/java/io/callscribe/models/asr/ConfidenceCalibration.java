package io.callscribe.models.asr;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns a word's token log-probabilities into the probability that the word is right: a logistic
 * model over {@code [1, mean log-prob, min log-prob, ln(1 + tokens)]}, fitted per model on
 * labelled words (see the {@code eval --fit-calibration} tool). Without a fitted model the raw
 * geometric-mean token probability is used, which is over-confident.
 *
 * @param modelId the recognizer model these coefficients were fitted for
 * @param coefficients logistic weights for the features above, or empty for the uncalibrated score
 * @param fittedOn what data the fit used, for the record
 */
public record ConfidenceCalibration(String modelId, double[] coefficients, String fittedOn) {

    public static final int FEATURES = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    public ConfidenceCalibration {
        if (coefficients.length != 0 && coefficients.length != FEATURES) {
            throw new IllegalArgumentException("calibration needs " + FEATURES + " coefficients, got " + coefficients.length);
        }
    }

    public static ConfidenceCalibration uncalibrated(String modelId) {
        return new ConfidenceCalibration(modelId, new double[0], "none");
    }

    /** The calibration shipped for a model id, or the uncalibrated score if none is shipped. */
    public static ConfidenceCalibration shippedFor(String modelId) {
        try (InputStream in = ConfidenceCalibration.class.getResourceAsStream("calibration/" + modelId + ".json")) {
            return in == null ? uncalibrated(modelId) : JSON.readValue(in, ConfidenceCalibration.class);
        } catch (IOException e) {
            throw new UncheckedIOException("shipped calibration for " + modelId + " is unreadable", e);
        }
    }

    public static ConfidenceCalibration read(Path file) {
        try {
            return JSON.readValue(file.toFile(), ConfidenceCalibration.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read calibration " + file, e);
        }
    }

    public void write(Path file) {
        try {
            JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write calibration " + file, e);
        }
    }

    @JsonIgnore
    public boolean isCalibrated() {
        return coefficients.length == FEATURES;
    }

    public static double[] features(List<RecognizedToken> tokens) {
        double sum = 0;
        double min = 0;
        for (RecognizedToken t : tokens) {
            sum += t.logProb();
            min = Math.min(min, t.logProb());
        }
        double mean = tokens.isEmpty() ? 0 : sum / tokens.size();
        return new double[] {1, mean, min, Math.log1p(tokens.size())};
    }

    public float wordConfidence(List<RecognizedToken> tokens) {
        double[] x = features(tokens);
        if (!isCalibrated()) {
            return (float) Math.exp(x[1]);
        }
        double z = 0;
        for (int i = 0; i < FEATURES; i++) {
            z += coefficients[i] * x[i];
        }
        return (float) (1 / (1 + Math.exp(-z)));
    }

    /**
     * Fits the logistic model by Newton's method (iteratively reweighted least squares) with a
     * small ridge penalty, which keeps the fit stable when a feature barely varies.
     */
    public static ConfidenceCalibration fit(String modelId, List<double[]> features, List<Boolean> correct, String fittedOn) {
        int n = features.size();
        if (n < 20 || n != correct.size()) {
            throw new IllegalArgumentException("need at least 20 labelled words to fit a calibration, got " + n);
        }
        double[] w = new double[FEATURES];
        double ridge = 1e-3;
        for (int iter = 0; iter < 50; iter++) {
            double[] gradient = new double[FEATURES];
            double[][] hessian = new double[FEATURES][FEATURES];
            for (int k = 0; k < n; k++) {
                double[] x = features.get(k);
                double z = 0;
                for (int i = 0; i < FEATURES; i++) {
                    z += w[i] * x[i];
                }
                double p = 1 / (1 + Math.exp(-z));
                double err = (correct.get(k) ? 1 : 0) - p;
                double weight = Math.max(p * (1 - p), 1e-9);
                for (int i = 0; i < FEATURES; i++) {
                    gradient[i] += err * x[i];
                    for (int j = 0; j < FEATURES; j++) {
                        hessian[i][j] += weight * x[i] * x[j];
                    }
                }
            }
            for (int i = 0; i < FEATURES; i++) {
                gradient[i] -= ridge * w[i];
                hessian[i][i] += ridge;
            }
            double[] step = solve(hessian, gradient);
            double change = 0;
            for (int i = 0; i < FEATURES; i++) {
                w[i] += step[i];
                change = Math.max(change, Math.abs(step[i]));
            }
            if (change < 1e-8) {
                break;
            }
        }
        return new ConfidenceCalibration(modelId, w, fittedOn);
    }

    /** Gaussian elimination with partial pivoting; the system is 4x4. */
    private static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][n + 1];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n] = b[i];
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
                    pivot = r;
                }
            }
            double[] tmp = m[col];
            m[col] = m[pivot];
            m[pivot] = tmp;
            for (int r = col + 1; r < n; r++) {
                double f = m[r][col] / m[col][col];
                for (int c = col; c <= n; c++) {
                    m[r][c] -= f * m[col][c];
                }
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = m[r][n];
            for (int c = r + 1; c < n; c++) {
                s -= m[r][c] * x[c];
            }
            x[r] = s / m[r][r];
        }
        return x;
    }
}
