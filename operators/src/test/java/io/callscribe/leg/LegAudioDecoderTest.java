package io.callscribe.leg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.callscribe.audio.G711;
import io.callscribe.audio.Resampler;
import io.callscribe.audio.ResamplerKind;
import io.callscribe.contract.Codec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LegAudioDecoderTest {

    private final LegAudioDecoder decoder = new LegAudioDecoder();
    private final LegAudioDecoderState state = new LegAudioDecoderState();
    private long sequence;

    private static float[] sine(double frequency, int rate, int from, int length) {
        float[] samples = new float[length];
        for (int i = 0; i < length; i++) {
            samples[i] = (float) (0.4 * Math.sin(2 * Math.PI * frequency * (from + i) / rate));
        }
        return samples;
    }

    /** 16-bit big-endian, as RTP carries L16; also returns the exact floats it decodes to. */
    private static byte[] l16(float[] samples) {
        byte[] payload = new byte[2 * samples.length];
        for (int i = 0; i < samples.length; i++) {
            short value = (short) Math.round(samples[i] * 32767);
            payload[2 * i] = (byte) (value >> 8);
            payload[2 * i + 1] = (byte) value;
            samples[i] = value / 32768f;
        }
        return payload;
    }

    private static byte[] g711(G711 law, float[] samples) {
        byte[] payload = new byte[samples.length];
        law.encode(samples, 0, samples.length, payload, 0);
        return payload;
    }

    private ReceivedFrame frame(Codec codec, int rate, byte[] payload) {
        long n = sequence++;
        return new ReceivedFrame(n, 0, codec, rate, payload, 0);
    }

    /** Splits {@code signal} into {@code frameSamples}-sample frames. */
    private List<ReleasedAudio> frames(Codec codec, int rate, float[] signal, int frameSamples) {
        List<ReleasedAudio> frames = new ArrayList<>();
        for (int at = 0; at < signal.length; at += frameSamples) {
            float[] part = Arrays.copyOfRange(signal, at, at + frameSamples);
            byte[] payload = switch (codec) {
                case PCMU -> g711(G711.MU_LAW, part);
                case PCMA -> g711(G711.A_LAW, part);
                case L16 -> l16(part);
            };
            System.arraycopy(part, 0, signal, at, frameSamples);
            frames.add(frame(codec, rate, payload));
        }
        return frames;
    }

    /** Decodes item by item, as frames trickle in, and ends the leg. */
    private List<LegAudioChunk> decodeOneByOne(List<ReleasedAudio> items) {
        List<LegAudioChunk> chunks = new ArrayList<>();
        for (ReleasedAudio item : items) {
            chunks.addAll(decoder.decode(state, List.of(item)));
        }
        chunks.addAll(decoder.finish(state, List.of()));
        return chunks;
    }

    /** The chunks' samples, checked to be contiguous from {@code start}. */
    static float[] contiguous(List<LegAudioChunk> chunks, long start) {
        int length = 0;
        long expected = start;
        for (LegAudioChunk chunk : chunks) {
            assertEquals(expected, chunk.startSample(), "chunks must follow one another");
            expected = chunk.endSample();
            length += chunk.samples().length;
        }
        float[] all = new float[length];
        int at = 0;
        for (LegAudioChunk chunk : chunks) {
            System.arraycopy(chunk.samples(), 0, all, at, chunk.samples().length);
            at += chunk.samples().length;
        }
        return all;
    }

    private static float[] join(float[] a, float[] b) {
        float[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static float[] resampled(int rate, float[] signal) {
        return Resampler.create(ResamplerKind.SINC, rate, LegAudioDecoder.OUTPUT_RATE).resample(signal);
    }

    @Test
    void l16At16kHzPassesThroughUntouched() {
        float[] signal = sine(440, 16_000, 0, 3 * 320);
        List<LegAudioChunk> chunks = decodeOneByOne(frames(Codec.L16, 16_000, signal, 320));
        assertArrayEquals(signal, contiguous(chunks, 0));
    }

    @Test
    void l16At48kHzComesOutAsTheWholeSignalResampled() {
        float[] signal = sine(1000, 48_000, 0, 50 * 960);
        List<LegAudioChunk> chunks = decodeOneByOne(frames(Codec.L16, 48_000, signal, 960));
        assertArrayEquals(resampled(48_000, signal), contiguous(chunks, 0));
    }

    @Test
    void aSampleRateChangeEndsOneResamplerStreamAndStartsAnother() {
        float[] narrowband = sine(300, 8000, 0, 10 * 160);
        List<ReleasedAudio> items = frames(Codec.PCMU, 8000, narrowband, 160);
        float[] wideband = sine(300, 16_000, 0, 10 * 320);
        items.addAll(frames(Codec.L16, 16_000, wideband, 320));

        float[] decoded = contiguous(decodeOneByOne(items), 0);
        float[] narrowbandDecoded = G711.MU_LAW.decodeToFloats(g711(G711.MU_LAW, narrowband), 0, 1600);
        assertArrayEquals(join(resampled(8000, narrowbandDecoded), wideband), decoded);
    }

    @Test
    void aCodecChangeAtTheSameRateContinuesTheSameResamplerStream() {
        float[] signal = sine(300, 8000, 0, 20 * 160);
        List<ReleasedAudio> items = frames(Codec.PCMU, 8000, Arrays.copyOfRange(signal, 0, 1600), 160);
        items.addAll(frames(Codec.PCMA, 8000, Arrays.copyOfRange(signal, 1600, 3200), 160));
        float[] expectedInput = join(
                G711.MU_LAW.decodeToFloats(g711(G711.MU_LAW, Arrays.copyOfRange(signal, 0, 1600)), 0, 1600),
                G711.A_LAW.decodeToFloats(g711(G711.A_LAW, Arrays.copyOfRange(signal, 1600, 3200)), 0, 1600));
        assertArrayEquals(resampled(8000, expectedInput), contiguous(decodeOneByOne(items), 0));
    }

    @Test
    void lostAudioIsFilledByConcealmentAndTheNextFrameFadesIn() {
        float[] before = sine(160, 16_000, 0, 2 * 320);
        List<ReleasedAudio> items = frames(Codec.L16, 16_000, before, 320);
        items.add(new ConcealedGap(16_000, 1, 320, 320));
        float[] after = sine(160, 16_000, 960, 320);
        items.addAll(frames(Codec.L16, 16_000, after, 320));

        float[] decoded = contiguous(decodeOneByOne(items), 0);
        short[] history = new short[PacketLossConcealer.historySamples(16_000)];
        for (int i = 0; i < history.length; i++) {
            history[i] = (short) Math.round(before[before.length - history.length + i] * 32768);
        }
        float[] expectedAfter = after.clone();
        PacketLossConcealer.resume(history, 16_000, 320, expectedAfter);
        float[] expected = join(join(before, PacketLossConcealer.conceal(history, 16_000, 0, 320)), expectedAfter);
        assertArrayEquals(expected, decoded);
    }

    @Test
    void aSenderSilenceIsFilledWithSilence() {
        float[] talk = sine(300, 16_000, 0, 320);
        List<ReleasedAudio> items = frames(Codec.L16, 16_000, talk, 320);
        items.add(new ConcealedGap(16_000, 0, 640, 640));
        items.addAll(frames(Codec.L16, 16_000, talk.clone(), 320));
        assertArrayEquals(join(join(talk, new float[640]), talk), contiguous(decodeOneByOne(items), 0));
    }

    @Test
    void theSkippedPartOfALongGapMovesTheTimelineOnWithoutAudio() {
        float[] talk = sine(300, 8000, 0, 10 * 160);
        List<ReleasedAudio> items = frames(Codec.PCMU, 8000, talk, 160);
        // 2 s missing: 200 ms filled, 1.8 s skipped.
        items.add(new ConcealedGap(8000, 100, 16_000, 1600));
        items.addAll(frames(Codec.PCMU, 8000, talk.clone(), 160));

        List<LegAudioChunk> chunks = decodeOneByOne(items);
        long firstRun = 2 * (1600 + 1600);
        assertEquals(0, chunks.get(0).startSample());
        long secondStart = firstRun + 2 * 14_400;
        List<LegAudioChunk> afterSkip = chunks.stream().filter(c -> c.startSample() >= secondStart).toList();
        assertEquals(firstRun, contiguous(chunks.subList(0, chunks.size() - afterSkip.size()), 0).length);
        assertEquals(2 * 1600, contiguous(afterSkip, secondStart).length);
        assertEquals(secondStart + 3200, state.nextOutputSample());
    }
}
