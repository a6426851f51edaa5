package io.callscribe.leg;

import io.callscribe.audio.AudioClip;
import io.callscribe.audio.AudioFiles;
import io.callscribe.audio.G711;
import io.callscribe.contract.AudioFrame;
import io.callscribe.contract.Codec;
import io.callscribe.contract.Leg;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** A real call-center agent leg (8 kHz), mu-law encoded into 20 ms RTP frames as a gateway would send it. */
final class CallRecording {

    static final Path AGENT_LEG = Path.of("/work/shared/eval/hvb-callcenter-dev/calls/agent/0002f70f7386445b.wav");
    static final int FRAME_BYTES = 160;
    static final long SSRC = 0x5EED_0001L;
    static final int FIRST_SEQUENCE = 65_000;
    static final long FIRST_TIMESTAMP = 0xFFFF_0000L;

    /** The mu-law codes of the whole leg, a whole number of frames. */
    final byte[] codes;

    private CallRecording(byte[] codes) {
        this.codes = codes;
    }

    static CallRecording load() {
        AudioClip clip;
        try {
            clip = AudioFiles.read(AGENT_LEG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (clip.sampleRate() != 8000) {
            throw new IllegalStateException(AGENT_LEG + " is at " + clip.sampleRate() + " Hz, expected 8000");
        }
        float[] samples = clip.mono();
        int length = samples.length / FRAME_BYTES * FRAME_BYTES;
        byte[] codes = new byte[length];
        G711.MU_LAW.encode(samples, 0, length, codes, 0);
        return new CallRecording(codes);
    }

    int frameCount() {
        return codes.length / FRAME_BYTES;
    }

    /** Frame {@code n}; sequence numbers and timestamps start near their wrap-around and cross it. */
    AudioFrame frame(int n, long capturedAtMs) {
        byte[] payload = Arrays.copyOfRange(codes, n * FRAME_BYTES, (n + 1) * FRAME_BYTES);
        return new AudioFrame("tenant", "call", Leg.AGENT, SSRC, (FIRST_SEQUENCE + n) & 0xFFFF,
                (FIRST_TIMESTAMP + (long) FRAME_BYTES * n) & 0xFFFF_FFFFL, Codec.PCMU, 8000, payload, capturedAtMs);
    }

    /** All frames in sequence order, one every 20 ms. */
    List<AudioFrame> inOrder() {
        List<AudioFrame> frames = new ArrayList<>();
        for (int n = 0; n < frameCount(); n++) {
            frames.add(frame(n, 20L * n));
        }
        return frames;
    }

    /**
     * All frames, shuffled within consecutive blocks of {@code block} frames as a network reorders
     * them, each stamped with its arrival time (one every 20 ms in arrival order).
     */
    List<AudioFrame> shuffledWithin(int block, long seed) {
        Random random = new Random(seed);
        List<Integer> order = new ArrayList<>();
        for (int start = 0; start < frameCount(); start += block) {
            List<Integer> group = new ArrayList<>();
            for (int n = start; n < Math.min(frameCount(), start + block); n++) {
                group.add(n);
            }
            Collections.shuffle(group, random);
            order.addAll(group);
        }
        List<AudioFrame> frames = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            frames.add(frame(order.get(i), 20L * i));
        }
        return frames;
    }
}
