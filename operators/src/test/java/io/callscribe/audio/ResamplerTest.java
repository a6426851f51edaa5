package io.callscribe.audio;

import static io.callscribe.audio.TestSignals.decibels;
import static io.callscribe.audio.TestSignals.sine;
import static io.callscribe.audio.TestSignals.toneAmplitude;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ResamplerTest {

    /** The conversions the pipeline meets, with each kind. */
    static Stream<Arguments> conversions() {
        int[][] rates = {{8000, 16000}, {22050, 16000}, {44100, 16000}, {48000, 16000}, {16000, 8000}, {16000, 44100}};
        List<Arguments> all = new ArrayList<>();
        for (ResamplerKind kind : ResamplerKind.values()) {
            for (int[] pair : rates) {
                all.add(Arguments.of(kind, pair[0], pair[1]));
            }
        }
        return all.stream();
    }

    @Test
    void aThousandHertzSineUpsampledFrom8kTo16kIsCleanToBetterThan60Db() {
        float[] output = Resampler.create(ResamplerKind.SINC, 8000, 16000)
                .resample(sine(1000, 8000, 8000, 0.5));
        float[] ideal = sine(1000, 16000, output.length, 0.5);
        double signal = 0;
        double error = 0;
        for (int n = 200; n < output.length - 200; n++) {
            signal += ideal[n] * ideal[n];
            error += (output[n] - ideal[n]) * (output[n] - ideal[n]);
        }
        double snr = 10 * Math.log10(signal / error);
        assertTrue(snr > 60, "SNR " + snr + " dB");
    }

    @ParameterizedTest(name = "{0} Hz -> {1} Hz, {2} Hz tone")
    @CsvSource({"16000, 8000, 5000", "16000, 8000, 4400", "48000, 16000, 10000", "44100, 16000, 9000",
        "22050, 16000, 8800"})
    void aToneAboveTheTargetNyquistIsAttenuatedMoreThan50Db(int from, int to, double frequency) {
        float[] output = Resampler.create(ResamplerKind.SINC, from, to).resample(sine(frequency, from, from, 1));
        // Whatever survives shows up folded back below the target Nyquist.
        double alias = Math.abs(to - frequency % to);
        double level = decibels(toneAmplitude(output, 0, output.length, alias, to));
        assertTrue(level < -50, "alias at " + alias + " Hz is " + level + " dB");
    }

    @ParameterizedTest(name = "{0} Hz -> {1} Hz")
    @CsvSource({"8000, 16000, 3400", "22050, 16000, 6500", "44100, 16000, 6500", "48000, 16000, 6500",
        "16000, 8000, 3300"})
    void tonesInThePassBandKeepTheirLevel(int from, int to, double frequency) {
        float[] output = Resampler.create(ResamplerKind.SINC, from, to).resample(sine(frequency, from, from, 0.5));
        double level = toneAmplitude(output, 0, output.length, frequency, to);
        assertEquals(0.5, level, 0.5 * 0.01, "tone at " + frequency + " Hz");
    }

    @Test
    void sincSuppressesTheUpsamplingImageThatLinearInterpolationLeaves() {
        float[] input = sine(3000, 8000, 8000, 0.5);
        double sincImage = toneAmplitude(Resampler.create(ResamplerKind.SINC, 8000, 16000).resample(input),
                0, 16000, 5000, 16000);
        double linearImage = toneAmplitude(Resampler.create(ResamplerKind.LINEAR, 8000, 16000).resample(input),
                0, 16000, 5000, 16000);
        assertTrue(decibels(sincImage / 0.5) < -80, "sinc image " + decibels(sincImage / 0.5) + " dB");
        assertTrue(decibels(linearImage / 0.5) > -30, "linear image " + decibels(linearImage / 0.5) + " dB");
    }

    @ParameterizedTest(name = "{0} {1} Hz -> {2} Hz")
    @MethodSource("conversions")
    void streamingInRandomChunksGivesExactlyTheBatchOutput(ResamplerKind kind, int from, int to) {
        Resampler resampler = Resampler.create(kind, from, to);
        float[] signal = noise(from / 2 + 17, 7);
        float[] batch = resampler.resample(signal);

        Random chunkSizes = new Random(from + to);
        ResamplerState state = resampler.newState();
        FloatList streamed = new FloatList();
        int offset = 0;
        while (offset < signal.length) {
            int length = Math.min(signal.length - offset, chunkSizes.nextInt(300));
            streamed.add(resampler.process(state, signal, offset, length));
            offset += length;
        }
        streamed.add(resampler.flush(state));
        assertArrayEquals(batch, streamed.toArray());
    }

    @ParameterizedTest(name = "{0} {1} Hz -> {2} Hz")
    @MethodSource("conversions")
    void aStreamCanMoveToAFreshResamplerThroughItsSavedState(ResamplerKind kind, int from, int to) {
        float[] signal = noise(from / 4, 11);
        float[] batch = Resampler.create(kind, from, to).resample(signal);

        Resampler before = Resampler.create(kind, from, to);
        ResamplerState state = before.newState();
        FloatList streamed = new FloatList();
        int half = signal.length / 2;
        streamed.add(before.process(state, signal, 0, half));

        Resampler after = Resampler.create(kind, from, to);
        ResamplerState restored = ResamplerState.restore(state.history(), state.position());
        streamed.add(after.process(restored, signal, half, signal.length - half));
        streamed.add(after.flush(restored));
        assertArrayEquals(batch, streamed.toArray());
    }

    @Test
    void theCarriedStateIsSmall() {
        Resampler resampler = Resampler.create(ResamplerKind.SINC, 8000, 16000);
        ResamplerState state = resampler.newState();
        resampler.process(state, noise(8000, 3), 0, 8000);
        // Twice the half-width of 32 input samples, give or take the sample in progress.
        assertTrue(state.history().length <= 64, state.toString());
    }

    @ParameterizedTest(name = "{0} {1} Hz -> {2} Hz")
    @MethodSource("conversions")
    void aClickStaysAtItsTime(ResamplerKind kind, int from, int to) {
        float[] input = new float[from / 10];
        // A click a few output samples wide, so that linear downsampling cannot step over it.
        int halfWidth = 2 * Math.max(1, from / to) + 1;
        int click = input.length / 2 + 3;
        for (int d = -halfWidth; d <= halfWidth; d++) {
            input[click + d] = (float) (0.5 + 0.5 * Math.cos(Math.PI * d / (halfWidth + 1)));
        }
        float[] output = Resampler.create(kind, from, to).resample(input);
        double expected = (double) click * to / from;
        assertEquals(expected, peakTime(output), 1.0, "click at input sample " + click);
    }

    @ParameterizedTest(name = "{0} {1} Hz -> {2} Hz")
    @MethodSource("conversions")
    void outputLengthCoversTheInputDuration(ResamplerKind kind, int from, int to) {
        Resampler resampler = Resampler.create(kind, from, to);
        for (int length : new int[] {0, 1, 2, 3, 441, 1000}) {
            long expected = ((long) length * to + from - 1) / from;
            assertEquals(expected, resampler.resample(new float[length]).length, "input of " + length);
        }
    }

    @ParameterizedTest(name = "{0} {1} Hz -> {2} Hz")
    @MethodSource("conversions")
    void aConstantStaysConstantAwayFromTheEdges(ResamplerKind kind, int from, int to) {
        float[] input = new float[from / 10];
        Arrays.fill(input, 0.25f);
        float[] output = Resampler.create(kind, from, to).resample(input);
        for (int n = output.length / 4; n < 3 * output.length / 4; n++) {
            assertEquals(0.25f, output[n], 1e-5f, "output " + n);
        }
    }

    @Test
    void linearInterpolationPutsMidpointsBetweenSamples() {
        float[] output = Resampler.create(ResamplerKind.LINEAR, 8000, 16000).resample(new float[] {0, 1, -1, 0.5f});
        assertArrayEquals(new float[] {0, 0.5f, 1, 0, -1, -0.25f, 0.5f, 0.25f}, output);
    }

    @Test
    void flushResetsTheStateForANewStream() {
        Resampler resampler = Resampler.create(ResamplerKind.SINC, 8000, 16000);
        float[] signal = noise(500, 5);
        ResamplerState state = resampler.newState();
        resampler.process(state, noise(300, 9), 0, 300);
        resampler.flush(state);
        FloatList second = new FloatList();
        second.add(resampler.process(state, signal, 0, signal.length));
        second.add(resampler.flush(state));
        assertArrayEquals(resampler.resample(signal), second.toArray());
    }

    @Test
    void invalidRatesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Resampler.create(ResamplerKind.SINC, 0, 16000));
        assertThrows(IllegalArgumentException.class, () -> Resampler.create(ResamplerKind.SINC, 8000, -1));
        IllegalArgumentException tooFine = assertThrows(IllegalArgumentException.class,
                () -> Resampler.create(ResamplerKind.SINC, 192000, 16001));
        assertTrue(tooFine.getMessage().contains("16001"), tooFine.getMessage());
    }

    @Test
    void aStateFromAnotherResamplerIsRejected() {
        ResamplerState linear = Resampler.create(ResamplerKind.LINEAR, 8000, 16000).newState();
        Resampler sinc = Resampler.create(ResamplerKind.SINC, 8000, 16000);
        assertThrows(IllegalArgumentException.class, () -> sinc.process(linear, new float[10], 0, 10));
    }

    @Test
    void restoringRejectsANegativePosition() {
        assertThrows(IllegalArgumentException.class, () -> ResamplerState.restore(new float[3], -1));
    }

    private static float[] noise(int length, long seed) {
        Random random = new Random(seed);
        float[] samples = new float[length];
        for (int i = 0; i < length; i++) {
            samples[i] = (float) (random.nextGaussian() * 0.2);
        }
        return samples;
    }

    /** Time of the largest magnitude, refined by a parabola through it and its neighbours. */
    private static double peakTime(float[] samples) {
        int peak = 0;
        for (int i = 1; i < samples.length; i++) {
            if (Math.abs(samples[i]) > Math.abs(samples[peak])) {
                peak = i;
            }
        }
        if (peak == 0 || peak == samples.length - 1) {
            return peak;
        }
        double left = samples[peak - 1];
        double centre = samples[peak];
        double right = samples[peak + 1];
        return peak + 0.5 * (left - right) / (left - 2 * centre + right);
    }

    /** Collects a stream's output chunks. */
    private static final class FloatList {
        private float[] values = new float[0];

        void add(float[] chunk) {
            float[] grown = Arrays.copyOf(values, values.length + chunk.length);
            System.arraycopy(chunk, 0, grown, values.length, chunk.length);
            values = grown;
        }

        float[] toArray() {
            return values;
        }
    }
}
