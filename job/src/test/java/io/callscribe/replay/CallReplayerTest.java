package io.callscribe.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callscribe.audio.AudioClip;
import io.callscribe.audio.AudioFiles;
import io.callscribe.audio.G711;
import io.callscribe.contract.AudioFrame;
import io.callscribe.contract.CallEvent;
import io.callscribe.contract.Codec;
import io.callscribe.contract.Leg;
import io.callscribe.contract.codec.AudioFrameCodec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallReplayerTest {

    private static final long START = 1_700_000_000_000L;

    @Test
    void oneSecondOfPcmuIsFiftyFramesPerLegInterleavedInTime() throws IOException {
        CallReplayer replay = replayer(tones(1.0, 16000)).build();
        List<AudioFrame> frames = replay.frames();
        assertEquals(100, frames.size());
        for (int i = 0; i < frames.size(); i++) {
            AudioFrame frame = frames.get(i);
            assertEquals(i % 2 == 0 ? Leg.AGENT : Leg.CUSTOMER, frame.leg(), "frame " + i);
            assertEquals(160, frame.payload().length);
            assertEquals(8000, frame.sampleRate());
            assertEquals(START + (i / 2) * 20L, frame.capturedAtMs());
        }
        List<AudioFrame> agent = leg(frames, Leg.AGENT);
        for (int i = 1; i < agent.size(); i++) {
            assertEquals((agent.get(i - 1).sequence() + 1) & 0xFFFF, agent.get(i).sequence());
            assertEquals((agent.get(i - 1).rtpTimestamp() + 160) & 0xFFFF_FFFFL, agent.get(i).rtpTimestamp());
        }
        assertNotEquals(agent.get(0).ssrc(), leg(frames, Leg.CUSTOMER).get(0).ssrc());
        assertEquals(CallEvent.Type.STARTED, replay.startedEvent().type());
        assertEquals(Codec.PCMU, replay.startedEvent().codec());
        assertEquals(START, replay.startedEvent().timestampMs());
        assertEquals(START + 1000, replay.endedEvent().timestampMs());
        assertEquals(1000, replay.duration().toMillis());
    }

    @Test
    void aPartialLastFrameIsPaddedWithSilence() throws IOException {
        List<AudioFrame> frames = replayer(tones(1.01, 8000)).build().frames();
        assertEquals(2 * 51, frames.size());
        AudioFrame last = frames.get(frames.size() - 1);
        assertEquals((byte) 0xFF, last.payload()[159], "mu-law silence");
    }

    @Test
    void l16FramesCarryTwoBytesPerSampleAtTheChosenRate() throws IOException {
        List<AudioFrame> frames = replayer(tones(0.2, 8000)).codec(Codec.L16).l16SampleRate(16000).build().frames();
        assertEquals(20, frames.size());
        assertTrue(frames.stream().allMatch(f -> f.payload().length == 640 && f.sampleRate() == 16000));
        List<AudioFrame> agent = leg(frames, Leg.AGENT);
        assertEquals((agent.get(0).rtpTimestamp() + 320) & 0xFFFF_FFFFL, agent.get(1).rtpTimestamp());
    }

    @Test
    void theSameSeedGivesTheSameCall() throws IOException {
        Impairments trouble = new Impairments(0.1, 0.05, 60);
        AudioClip audio = tones(2.0, 8000);
        List<AudioFrame> first = replayer(audio).impairments(trouble).seed(11).build().frames();
        List<AudioFrame> again = replayer(audio).impairments(trouble).seed(11).build().frames();
        List<AudioFrame> other = replayer(audio).impairments(trouble).seed(12).build().frames();
        assertEquals(first, again);
        assertNotEquals(first, other);
    }

    @Test
    void lossAndDuplicatesHappenAtTheirRates() throws IOException {
        // 60 s: 3000 frames a leg, 6000 in all.
        List<AudioFrame> frames = replayer(silence(60.0)).impairments(new Impairments(0.10, 0.05, 0)).seed(3)
                .build().frames();
        int sent = 6000;
        Map<String, Integer> copies = new HashMap<>();
        frames.forEach(f -> copies.merge(f.leg() + "/" + f.sequence(), 1, Integer::sum));
        double lost = 1 - copies.size() / (double) sent;
        double duplicated = copies.values().stream().filter(c -> c == 2).count() / (double) copies.size();
        assertEquals(0.10, lost, 0.015, "loss");
        assertEquals(0.05, duplicated, 0.01, "duplicates");
        assertTrue(copies.values().stream().allMatch(c -> c <= 2));
    }

    @Test
    void jitterReordersWithinItsWindow() throws IOException {
        // Uniform 0..60 ms delays on 20 ms frames: a frame arrives after its successor with
        // probability P(d1 - d2 > 20 ms) = (40^2 / 2) / 60^2 = 0.222, and moves at most 3 places.
        List<AudioFrame> agent = leg(replayer(silence(60.0)).impairments(new Impairments(0, 0, 60)).seed(5)
                .build().frames(), Leg.AGENT);
        assertEquals(3000, agent.size());
        int first = firstSequence(agent);
        long[] indexOf = new long[3000];
        for (int position = 0; position < agent.size(); position++) {
            int index = (agent.get(position).sequence() - first) & 0xFFFF;
            indexOf[index] = position;
            assertTrue(Math.abs(index - position) <= 3, "frame " + index + " arrived at " + position);
        }
        long overtaken = 0;
        for (int i = 0; i + 1 < 3000; i++) {
            if (indexOf[i] > indexOf[i + 1]) {
                overtaken++;
            }
        }
        assertEquals(0.222, overtaken / 2999.0, 0.03);
        for (int i = 1; i < agent.size(); i++) {
            assertTrue(agent.get(i).capturedAtMs() >= agent.get(i - 1).capturedAtMs(), "arrival order");
        }
    }

    @Test
    void sequenceNumbersAndTimestampsWrapInALongCall() throws IOException {
        // 23 minutes is 69,000 frames a leg: more than 2^16, so every leg's sequence wraps.
        CallReplayer replay = replayer(silence(23 * 60.0)).seed(8).build();
        for (Leg leg : Leg.values()) {
            List<AudioFrame> frames = leg(replay.frames(), leg);
            assertEquals(69_000, frames.size());
            int wraps = 0;
            for (int i = 1; i < frames.size(); i++) {
                assertEquals((frames.get(i - 1).sequence() + 1) & 0xFFFF, frames.get(i).sequence());
                assertEquals((frames.get(i - 1).rtpTimestamp() + 160) & 0xFFFF_FFFFL, frames.get(i).rtpTimestamp());
                if (frames.get(i).sequence() == 0) {
                    wraps++;
                }
            }
            assertEquals(1, wraps, leg + " wraps once");
        }
    }

    @Test
    void framesSurviveTheCodecAndDecodeToTheOriginalTone(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("call.wav");
        AudioFiles.writeWav(file, tones(0.5, 16000));
        AudioFrameCodec codec = new AudioFrameCodec();
        for (Codec wire : Codec.values()) {
            List<AudioFrame> frames = CallReplayer.builder().tenant("acme").callId("call-1").stereo(file).codec(wire)
                    .startTimeMs(START).seed(1).build().frames();
            for (AudioFrame frame : frames) {
                assertEquals(frame, codec.decode(codec.encode(frame)));
                assertEquals(frame, codec.decode(codec.encodeJson(frame)));
            }
            if (wire == Codec.PCMU) {
                // The agent's 440 Hz tone at 0.5 amplitude comes back through G.711.
                float[] decoded = G711.MU_LAW.decodeToFloats(leg(frames, Leg.AGENT).get(10).payload(), 0, 160);
                double peak = 0;
                for (float sample : decoded) {
                    peak = Math.max(peak, Math.abs(sample));
                }
                assertEquals(0.5, peak, 0.03);
            }
        }
    }

    @Test
    void twoMonoFilesAreTwoLegs(@TempDir Path dir) throws IOException {
        Path agent = dir.resolve("agent.wav");
        Path customer = dir.resolve("customer.wav");
        AudioFiles.writeWav(agent, AudioClip.ofMono(new float[8000], 8000));
        AudioFiles.writeWav(customer, AudioClip.ofMono(new float[4000], 8000));
        List<AudioFrame> frames = CallReplayer.builder().tenant("acme").legs(agent, customer).startTimeMs(START)
                .build().frames();
        assertEquals(50, leg(frames, Leg.AGENT).size());
        assertEquals(25, leg(frames, Leg.CUSTOMER).size());
    }

    @Test
    void realTimePacingTakesTheCallsDuration() throws Exception {
        CallReplayer replay = replayer(silence(0.5)).pacing(Pacing.REAL_TIME).build();
        List<AudioFrame> received = new ArrayList<>();
        long begin = System.nanoTime();
        long wallStart = System.currentTimeMillis();
        replay.replay(ReplaySink.of(received::add));
        long elapsedMs = (System.nanoTime() - begin) / 1_000_000;
        assertTrue(elapsedMs >= 480 && elapsedMs < 2000, "took " + elapsedMs + " ms");
        assertEquals(50, received.size());
        // Capture times move to the real clock.
        assertTrue(Math.abs(received.get(0).capturedAtMs() - wallStart) < 200);
    }

    @Test
    void missingSettingsAreNamed() {
        assertEquals("tenant is required", assertThrows(IllegalArgumentException.class,
                () -> CallReplayer.builder().stereo(tones(0.1, 8000)).build()).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> CallReplayer.builder().tenant("t").build()).getMessage().contains("no audio"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> CallReplayer.builder().tenant("t").stereo(tones(0.1, 8000)).codec(Codec.L16).l16SampleRate(11025)
                        .build()).getMessage().contains("frameMillis"));
    }

    private static CallReplayer.Builder replayer(AudioClip stereo) {
        return CallReplayer.builder().tenant("acme").callId("call-1").stereo(stereo).startTimeMs(START).seed(42);
    }

    /** Agent: 440 Hz, customer: 1000 Hz, both at half scale. */
    static AudioClip tones(double seconds, int sampleRate) {
        int length = (int) Math.round(seconds * sampleRate);
        float[] agent = new float[length];
        float[] customer = new float[length];
        for (int i = 0; i < length; i++) {
            agent[i] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * i / sampleRate));
            customer[i] = (float) (0.5 * Math.sin(2 * Math.PI * 1000 * i / sampleRate));
        }
        return new AudioClip(new float[][] {agent, customer}, sampleRate);
    }

    private static AudioClip silence(double seconds) {
        int length = (int) Math.round(seconds * 8000);
        return new AudioClip(new float[][] {new float[length], new float[length]}, 8000);
    }

    static List<AudioFrame> leg(List<AudioFrame> frames, Leg leg) {
        return frames.stream().filter(f -> f.leg() == leg).collect(Collectors.toList());
    }

    /** The first sequence number of a leg's contiguous block: the one whose predecessor is absent. */
    private static int firstSequence(List<AudioFrame> leg) {
        Set<Integer> present = leg.stream().map(AudioFrame::sequence).collect(Collectors.toSet());
        return present.stream().filter(s -> !present.contains((s - 1) & 0xFFFF)).findFirst().orElseThrow();
    }
}
