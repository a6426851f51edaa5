package io.callscribe.segmentation;

import io.callscribe.audio.AudioClip;
import io.callscribe.audio.AudioFiles;
import io.callscribe.audio.G711;
import io.callscribe.contract.AudioFrame;
import io.callscribe.contract.Codec;
import io.callscribe.contract.Leg;
import io.callscribe.leg.JitterBuffer;
import io.callscribe.leg.JitterBufferConfig;
import io.callscribe.leg.LegAudioChunk;
import io.callscribe.leg.LegAudioDecoder;
import io.callscribe.leg.LegAudioReceiver;
import io.callscribe.leg.LegAudioState;
import io.callscribe.models.ModelDirectory;
import io.callscribe.models.runtime.ExecutionProvider;
import io.callscribe.models.runtime.InferenceOptions;
import io.callscribe.models.vad.SegmenterConfig;
import io.callscribe.models.vad.SegmenterState;
import io.callscribe.models.vad.SileroVad;
import io.callscribe.models.vad.SpeechSegmenter;
import io.callscribe.models.vad.SpeechSpan;
import io.callscribe.pipeline.LegKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One leg of a real recorded call, mu-law encoded into 20 ms RTP frames as a gateway sends it, and
 * what segmentation should make of (a prefix of) it: the leg's 16 kHz audio as the receiver decodes
 * it and the speech spans that Silero plus the endpoint rules find in it, computed without Flink.
 */
final class RecordedLeg {

    static final String TENANT = "acme";
    static final String CALL = "0002f70f7386445b";
    static final int FRAME_BYTES = 160;
    /** 16 kHz samples per 20 ms frame. */
    static final int FRAME_SAMPLES_16K = 320;
    /** The gateway's clock at frame 0. */
    static final long CAPTURE_0 = 1_700_000_000_000L;

    final LegKey key;
    final byte[] codes;
    /** The VAD model's rate, as the job runs it by default. */
    static final int VAD_MODEL_RATE = 16_000;

    private final ModelDirectory vadModel;
    private final SegmenterConfig config;
    private final Map<Integer, Analysis> analyses = new HashMap<>();

    private RecordedLeg(LegKey key, byte[] codes, ModelDirectory vadModel, SegmenterConfig config) {
        this.key = key;
        this.codes = codes;
        this.vadModel = vadModel;
        this.config = config;
    }

    /**
     * What segmentation should make of the leg's first {@code frames} frames.
     *
     * @param audio the leg's audio as the operator's receiver decodes it (finished after the last frame), 16 kHz
     * @param spans [start, end) of each speech span Silero and the endpoint rules find in it, 16 kHz samples
     */
    record Analysis(float[] audio, List<long[]> spans) {

        /** The audio over [from, to) as the PCM16 a request carries. */
        short[] pcm16(long from, long to) {
            short[] out = new short[(int) (to - from)];
            for (int i = 0; i < out.length; i++) {
                float v = audio[(int) from + i] * 32768f;
                out[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(v)));
            }
            return out;
        }

        long[] longestSpan() {
            long[] best = spans.get(0);
            for (long[] s : spans) {
                if (s[1] - s[0] > best[1] - best[0]) {
                    best = s;
                }
            }
            return best;
        }
    }

    static Path file(Leg leg) {
        String dir = System.getProperty("callscribe.evalDir", "/work/shared/eval");
        return Path.of(dir, "hvb-callcenter-dev", "calls", leg == Leg.AGENT ? "agent" : "caller", CALL + ".wav");
    }

    static RecordedLeg load(Leg leg, ModelDirectory vadModel, SegmenterConfig config) {
        AudioClip clip;
        try {
            clip = AudioFiles.read(file(leg));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (clip.sampleRate() != 8000) {
            throw new IllegalStateException(file(leg) + " is at " + clip.sampleRate() + " Hz, expected 8000");
        }
        float[] samples = clip.mono();
        int length = samples.length / FRAME_BYTES * FRAME_BYTES;
        byte[] codes = new byte[length];
        G711.MU_LAW.encode(samples, 0, length, codes, 0);
        return new RecordedLeg(new LegKey(TENANT, CALL, leg), codes, vadModel, config);
    }

    Analysis analysis() {
        return analysis(frameCount());
    }

    synchronized Analysis analysis(int frames) {
        return analyses.computeIfAbsent(frames, this::analyze);
    }

    private Analysis analyze(int frames) {
        LegAudioReceiver receiver = new LegAudioReceiver(new JitterBuffer(JitterBufferConfig.DEFAULT), new LegAudioDecoder());
        LegAudioState state = new LegAudioState();
        List<LegAudioChunk> chunks = new ArrayList<>();
        for (int n = 0; n < frames; n++) {
            chunks.addAll(receiver.receive(state, frame(n)));
        }
        chunks.addAll(receiver.finish(state));
        float[] audio = contiguous(chunks);

        List<long[]> spans = new ArrayList<>();
        try (SileroVad vad = SileroVad.open(vadModel, 16_000, VAD_MODEL_RATE,
                InferenceOptions.builder().provider(ExecutionProvider.CPU).intraOpThreads(1).build())) {
            SpeechSegmenter segmenter = new SpeechSegmenter(config, 16_000, vad.chunkSamples());
            SegmenterState s = new SegmenterState();
            var vadState = vad.newState();
            for (int at = 0; at + vad.chunkSamples() <= audio.length; at += vad.chunkSamples()) {
                SpeechSpan span = segmenter.accept(s, vad.probability(vadState, audio, at));
                if (span != null) {
                    spans.add(new long[] {span.start(), span.end()});
                }
            }
            SpeechSpan last = segmenter.finish(s);
            if (last != null) {
                spans.add(new long[] {last.start(), last.end()});
            }
        }
        return new Analysis(audio, List.copyOf(spans));
    }

    int frameCount() {
        return codes.length / FRAME_BYTES;
    }

    /** Frame {@code n}: sequence numbers start near their wrap-around and cross it. */
    AudioFrame frame(int n) {
        byte[] payload = Arrays.copyOfRange(codes, n * FRAME_BYTES, (n + 1) * FRAME_BYTES);
        long ssrc = key.leg() == Leg.AGENT ? 0x5EED_0001L : 0x5EED_0002L;
        return new AudioFrame(TENANT, CALL, key.leg(), ssrc, (65_000 + n) & 0xFFFF,
                (0xFFFF_0000L + (long) FRAME_BYTES * n) & 0xFFFF_FFFFL, Codec.PCMU, 8000, payload, CAPTURE_0 + 20L * n);
    }

    private static float[] contiguous(List<LegAudioChunk> chunks) {
        int length = 0;
        long expected = 0;
        for (LegAudioChunk c : chunks) {
            if (c.startSample() != expected) {
                throw new IllegalStateException("decoded chunks are not contiguous at " + expected);
            }
            expected = c.endSample();
            length += c.samples().length;
        }
        float[] all = new float[length];
        int at = 0;
        for (LegAudioChunk c : chunks) {
            System.arraycopy(c.samples(), 0, all, at, c.samples().length);
            at += c.samples().length;
        }
        return all;
    }
}
