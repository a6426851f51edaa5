package io.callscribe.models.asr;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * One row of decoder logits read as log-probabilities over the real vocabulary (Moonshine's logits
 * have 32768 columns, only the first 32000 are tokens).
 */
final class TokenDistribution {

    private final float[] logits;
    private final int vocabulary;
    private double logNormalizer;

    TokenDistribution(int vocabulary) {
        this.vocabulary = vocabulary;
        this.logits = new float[vocabulary];
    }

    /** Loads row {@code row} of a [rows, columns] logits buffer. */
    void load(FloatBuffer all, int row, int columns) {
        all.get(row * columns, logits, 0, vocabulary);
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < vocabulary; i++) {
            max = Math.max(max, logits[i]);
        }
        double sum = 0;
        for (int i = 0; i < vocabulary; i++) {
            sum += Math.exp(logits[i] - max);
        }
        logNormalizer = max + Math.log(sum);
    }

    float logProb(int token) {
        return (float) (logits[token] - logNormalizer);
    }

    int argmax() {
        int best = 0;
        for (int i = 1; i < vocabulary; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    /** The {@code k} most likely tokens, then those of {@code more} (distinct) that are not among them. */
    int[] topAnd(int k, int[] more) {
        int[] top = top(k);
        int[] out = Arrays.copyOf(top, k + more.length);
        int n = k;
        for (int token : more) {
            boolean seen = false;
            for (int i = 0; i < k && !seen; i++) {
                seen = top[i] == token;
            }
            if (!seen) {
                out[n++] = token;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** The {@code k} most likely tokens, most likely first. */
    int[] top(int k) {
        int[] best = new int[k];
        int n = 0;
        for (int i = 0; i < vocabulary; i++) {
            float v = logits[i];
            if (n < k) {
                n++;
            } else if (v <= logits[best[k - 1]]) {
                continue;
            }
            int j = n - 1;
            while (j > 0 && logits[best[j - 1]] < v) {
                best[j] = best[j - 1];
                j--;
            }
            best[j] = i;
        }
        return best;
    }
}
