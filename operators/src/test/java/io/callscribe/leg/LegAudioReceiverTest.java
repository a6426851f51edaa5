package io.callscribe.leg;

import static io.callscribe.leg.LegAudioDecoderTest.contiguous;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.callscribe.audio.G711;
import io.callscribe.audio.Resampler;
import io.callscribe.audio.ResamplerKind;
import io.callscribe.contract.AudioFrame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LegAudioReceiverTest {

    private static CallRecording recording;
    private static float[] directDecode;

    private final LegAudioReceiver receiver =
            new LegAudioReceiver(new JitterBuffer(JitterBufferConfig.DEFAULT), new LegAudioDecoder());

    @BeforeAll
    static void loadTheCall() {
        recording = CallRecording.load();
        // What the leg should come out as: the whole signal decoded and resampled at once.
        float[] narrowband = G711.MU_LAW.decodeToFloats(recording.codes, 0, recording.codes.length);
        directDecode = Resampler.create(ResamplerKind.SINC, 8000, 16_000).resample(narrowband);
    }

    private List<LegAudioChunk> receiveAll(LegAudioState state, List<AudioFrame> frames) {
        List<LegAudioChunk> chunks = new ArrayList<>();
        for (AudioFrame frame : frames) {
            chunks.addAll(receiver.receive(state, frame));
        }
        return chunks;
    }

    @Test
    void aMuLawLegInOrderComesOutAsTheWholeSignalDecodedAndResampled() {
        LegAudioState state = new LegAudioState();
        List<LegAudioChunk> chunks = receiveAll(state, recording.inOrder());
        chunks.addAll(receiver.finish(state));

        float[] decoded = contiguous(chunks, 0);
        assertEquals(2 * recording.codes.length, decoded.length);
        assertArrayEquals(directDecode, decoded);
        assertEquals(recording.frameCount(), state.jitterBuffer().counters().released());
    }

    @Test
    void aMuLawLegReorderedWithinTheWindowComesOutIdentical() {
        LegAudioState state = new LegAudioState();
        List<AudioFrame> shuffled = recording.shuffledWithin(JitterBufferConfig.DEFAULT.windowFrames(), 42);
        assertNotEquals(recording.inOrder().get(1).sequence(), shuffled.get(1).sequence());
        List<LegAudioChunk> chunks = receiveAll(state, shuffled);
        chunks.addAll(receiver.finish(state));

        assertArrayEquals(directDecode, contiguous(chunks, 0));
        JitterCounters counters = state.jitterBuffer().counters();
        assertEquals(recording.frameCount(), counters.released());
        assertEquals(0, counters.lost() + counters.late() + counters.duplicates() + counters.streamResets());
    }

    @Test
    void lostFramesKeepTheLegsTimelineExact() {
        LegAudioState state = new LegAudioState();
        List<AudioFrame> arriving = new ArrayList<>(recording.shuffledWithin(4, 7));
        int dropped = 0;
        for (int i = arriving.size() - 1; i >= 0; i--) {
            if (arriving.get(i).sequence() % 50 == 0 && i > 0 && i < arriving.size() - 1) {
                arriving.remove(i);
                dropped++;
            }
        }
        List<LegAudioChunk> chunks = receiveAll(state, arriving);
        chunks.addAll(receiver.finish(state));

        assertEquals(directDecode.length, contiguous(chunks, 0).length);
        assertEquals(dropped, state.jitterBuffer().counters().lost());
        assertEquals(dropped * 160L, state.jitterBuffer().counters().concealedSamples());
    }

    @Test
    void theDeadlineReleasesAudioWhenTheStreamPausesAfterALoss() {
        LegAudioState state = new LegAudioState();
        List<AudioFrame> frames = recording.inOrder().subList(0, 20);
        receiveAll(state, frames.subList(0, 10));
        receiveAll(state, frames.subList(11, 13));
        long outputBefore = state.decoder().nextOutputSample();
        long deadline = receiver.deadline(state);
        assertEquals(List.of(), receiver.releaseExpired(state, deadline - 1));
        List<LegAudioChunk> released = receiver.releaseExpired(state, deadline);
        // Frame 10 filled in, 11 and 12 decoded: 480 samples at 8 kHz, 960 at 16 kHz (the resampler's look-ahead
        // holds back as much as before).
        assertEquals(960, contiguous(released, outputBefore).length);
        assertEquals(1, state.jitterBuffer().counters().lost());
        assertEquals(Long.MAX_VALUE, receiver.deadline(state));
    }
}
