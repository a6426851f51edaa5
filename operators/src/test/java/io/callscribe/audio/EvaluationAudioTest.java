package io.callscribe.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Reads the real recordings of the evaluation sets and checks them against their manifests. */
class EvaluationAudioTest {

    private static final Path EVAL = Path.of(System.getProperty("callscribe.evalDir", "../shared/eval"));

    static Stream<Arguments> manifestRows() throws IOException {
        List<Arguments> rows = new ArrayList<>();
        for (String manifest : List.of("read-en/manifest.tsv", "hvb-callcenter-dev/calls_manifest.tsv",
                "hvb-callcenter-dev/manifest.tsv", "fsdd-digits/manifest.tsv")) {
            Path path = EVAL.resolve(manifest);
            if (!Files.exists(path)) {
                continue;
            }
            List<String> lines = Files.readAllLines(path);
            List<String> header = List.of(lines.get(0).split("\t", -1));
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split("\t", -1);
                rows.add(Arguments.of(path.getParent().resolve(cells[header.indexOf("file")]),
                        Double.parseDouble(cells[header.indexOf("duration_s")]),
                        Integer.parseInt(cells[header.indexOf("sample_rate")]),
                        Integer.parseInt(cells[header.indexOf("channels")])));
            }
        }
        assumeTrue(!rows.isEmpty(), "evaluation audio not found under " + EVAL);
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifestRows")
    void everyFileDecodesToItsManifestLength(Path file, double durationSeconds, int sampleRate, int channels)
            throws IOException {
        AudioClip clip = AudioFiles.read(file);
        assertEquals(sampleRate, clip.sampleRate());
        assertEquals(channels, clip.channelCount());
        // Durations are given to the millisecond.
        assertEquals(durationSeconds * sampleRate, clip.frameCount(), sampleRate * 0.0005 + 1, clip.toString());
        assertTrue(peak(clip) > 0.01 && peak(clip) <= 1, "peak " + peak(clip));
    }

    @Test
    void jfkFlacIs24BitStereoAt44100() throws IOException {
        Path file = EVAL.resolve("read-en/misc/jfk.flac");
        assumeTrue(Files.exists(file), "missing " + file);
        AudioClip clip = AudioFiles.read(file);
        assertEquals(44100, clip.sampleRate());
        assertEquals(2, clip.channelCount());
        assertEquals(485100, clip.frameCount());
    }

    @Test
    void theChannelsOfAStereoRecordingAreItsTwoLegsInOrder() throws IOException {
        Path misc = EVAL.resolve("read-en/misc");
        assumeTrue(Files.exists(misc.resolve("stereo_diarization.wav")), "missing stereo recording");
        AudioClip stereo = AudioFiles.read(misc.resolve("stereo_diarization.wav"));
        assertArrayEquals(AudioFiles.read(misc.resolve("stereo_diarization_ch1.wav")).channel(0), stereo.channel(0));
        assertArrayEquals(AudioFiles.read(misc.resolve("stereo_diarization_ch2.wav")).channel(0), stereo.channel(1));
    }

    @Test
    void theHarperValleyCallsAreAlreadyMuLawCompanded() throws IOException {
        // They came through a telephony platform: every sample is a mu-law level, so a mu-law leg
        // is lossless on them, while transcoding to A-law (as between networks) costs some SNR.
        float[] call = firstAgentChannel();
        byte[] codes = new byte[call.length];
        G711.MU_LAW.encode(call, 0, call.length, codes, 0);
        assertArrayEquals(call, G711.MU_LAW.decodeToFloats(codes, 0, codes.length));
        G711.A_LAW.encode(call, 0, call.length, codes, 0);
        double aLawSnr = snrDb(call, G711.A_LAW.decodeToFloats(codes, 0, codes.length));
        assertTrue(aLawSnr > 30 && aLawSnr < 45, "A-law SNR " + aLawSnr);
    }

    @Test
    void upsamplingACallTo16kKeepsItsSamplesInPlace() throws IOException {
        float[] call = firstAgentChannel();
        float[] wideband = Resampler.create(ResamplerKind.SINC, 8000, 16000).resample(call);
        assertEquals(2 * call.length, wideband.length);
        // Every second output falls on an input sample; only the band edge above 3.5 kHz differs.
        float[] onInputSamples = new float[call.length];
        for (int i = 0; i < onInputSamples.length; i++) {
            onInputSamples[i] = wideband[2 * i];
        }
        double snr = snrDb(call, onInputSamples);
        assertTrue(snr > 30, "SNR " + snr);
    }

    private static float[] firstAgentChannel() throws IOException {
        Path calls = EVAL.resolve("hvb-callcenter-dev/calls/agent");
        assumeTrue(Files.isDirectory(calls), "missing " + calls);
        try (Stream<Path> files = Files.list(calls)) {
            Path file = files.filter(f -> f.toString().endsWith(".wav")).sorted().findFirst().orElseThrow();
            return AudioFiles.read(file).channel(0);
        }
    }

    private static double peak(AudioClip clip) {
        double peak = 0;
        for (float[] channel : clip.channels()) {
            for (float sample : channel) {
                peak = Math.max(peak, Math.abs(sample));
            }
        }
        return peak;
    }

    private static double snrDb(float[] reference, float[] test) {
        double signal = 0;
        double noise = 0;
        for (int i = 0; i < reference.length; i++) {
            signal += reference[i] * reference[i];
            noise += (test[i] - reference[i]) * (test[i] - reference[i]);
        }
        return 10 * Math.log10(signal / noise);
    }
}
