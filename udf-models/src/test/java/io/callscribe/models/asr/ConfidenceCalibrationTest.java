package io.callscribe.models.asr;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ConfidenceCalibrationTest {

    @Test
    void fitRecoversTheCoefficientsThatGeneratedTheLabels() {
        double[] truth = {1.5, 2.0, 0.5, -0.3};
        Random random = new Random(7);
        List<double[]> features = new ArrayList<>();
        List<Boolean> labels = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            double mean = -random.nextDouble() * 3;
            double min = mean - random.nextDouble() * 2;
            double[] x = {1, mean, min, Math.log1p(1 + random.nextInt(4))};
            double z = 0;
            for (int k = 0; k < 4; k++) {
                z += truth[k] * x[k];
            }
            features.add(x);
            labels.add(random.nextDouble() < 1 / (1 + Math.exp(-z)));
        }
        ConfidenceCalibration fitted = ConfidenceCalibration.fit("m", features, labels, "synthetic");
        assertArrayEquals(truth, fitted.coefficients(), 0.25);
    }

    @Test
    void uncalibratedScoreIsTheGeometricMeanTokenProbability() {
        ConfidenceCalibration raw = ConfidenceCalibration.uncalibrated("m");
        assertFalse(raw.isCalibrated());
        float c = raw.wordConfidence(List.of(new RecognizedToken(5, (float) Math.log(0.5)), new RecognizedToken(6, (float) Math.log(0.125))));
        assertEquals(0.25, c, 1e-6);
    }

    @Test
    void calibrationRoundTripsThroughJson(@TempDir Path dir) {
        ConfidenceCalibration c = new ConfidenceCalibration("moonshine-tiny", new double[] {1, 2, 3, 4}, "test");
        Path file = dir.resolve("c.json");
        c.write(file);
        ConfidenceCalibration back = ConfidenceCalibration.read(file);
        assertEquals("moonshine-tiny", back.modelId());
        assertArrayEquals(c.coefficients(), back.coefficients());
    }

    @Test
    void tooFewWordsToFitIsAnError() {
        assertThrows(IllegalArgumentException.class,
                () -> ConfidenceCalibration.fit("m", List.of(new double[] {1, 0, 0, 0}), List.of(true), "x"));
    }
}
