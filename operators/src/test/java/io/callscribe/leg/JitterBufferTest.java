package io.callscribe.leg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callscribe.contract.AudioFrame;
import io.callscribe.contract.Codec;
import io.callscribe.contract.Leg;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class JitterBufferTest {

    private static final long ARRIVAL_STEP_MS = 20;

    private final JitterBuffer buffer = new JitterBuffer(JitterBufferConfig.DEFAULT);
    private final JitterBufferState state = new JitterBufferState();
    private final RtpStream stream = new RtpStream(0xCAFEL, 1000, 50_000);
    private long clockMs = 1_000_000;

    /** Offers frames of {@code rtp} in the given order, one every 20 ms, and returns all they release. */
    private List<ReleasedAudio> arrive(RtpStream rtp, int... order) {
        List<ReleasedAudio> released = new ArrayList<>();
        for (int n : order) {
            released.addAll(buffer.offer(state, rtp.frame(n, nextArrivalMs())));
        }
        return released;
    }

    private long nextArrivalMs() {
        clockMs += ARRIVAL_STEP_MS;
        return clockMs;
    }

    private static int[] range(int from, int to) {
        return IntStream.range(from, to).toArray();
    }

    /** The payload value of each released frame (its index in the stream), -1 for each gap. */
    private static List<Integer> frameIndexes(List<ReleasedAudio> released) {
        List<Integer> indexes = new ArrayList<>();
        for (ReleasedAudio item : released) {
            indexes.add(item instanceof ReceivedFrame f ? Integer.valueOf(f.payload()[0]) : -1);
        }
        return indexes;
    }

    private static List<Integer> indexesOf(int... values) {
        List<Integer> list = new ArrayList<>();
        for (int value : values) {
            list.add(value);
        }
        return list;
    }

    @Test
    void inOrderFramesPassStraightThroughOnceTheStreamHasStarted() {
        // A stream's first frame waits a window for an overtaken earlier one, then frames flow undelayed.
        assertEquals(List.of(), arrive(stream, range(0, 8)));
        assertEquals(indexesOf(range(0, 9)), frameIndexes(arrive(stream, 8)));
        for (int n = 9; n < 20; n++) {
            assertEquals(indexesOf(n), frameIndexes(arrive(stream, n)));
        }
        assertEquals(0, state.bufferedFrames());
        assertEquals(20, state.counters().released());
        assertEquals(0, state.counters().lost() + state.counters().late() + state.counters().duplicates());
    }

    @Test
    void anEarlierFrameThatArrivesSecondStillStartsTheStream() {
        List<ReleasedAudio> released = arrive(stream, 1, 0);
        released.addAll(buffer.flush(state));
        assertEquals(indexesOf(0, 1), frameIndexes(released));
        assertEquals(0, state.counters().late());
    }

    @Test
    void framesReorderedWithinTheWindowComeOutInOrderWithNothingLost() {
        List<ReleasedAudio> released = arrive(stream, 0, 2, 1, 3, 7, 4, 6, 5, 8, 9, 11, 10, 15, 14, 13, 12, 16);
        released.addAll(buffer.flush(state));
        assertEquals(indexesOf(range(0, 17)), frameIndexes(released));
        assertEquals(0, state.counters().lost());
        assertEquals(0, state.counters().concealedSamples());
    }

    @Test
    void duplicatesAreDroppedAndCountedWhetherStillWaitingOrAlreadyReleased() {
        List<ReleasedAudio> released = arrive(stream, range(0, 10));
        released.addAll(arrive(stream, 12, 12, 9, 11, 10));
        released.addAll(buffer.flush(state));
        assertEquals(indexesOf(range(0, 13)), frameIndexes(released));
        assertEquals(2, state.counters().duplicates());
        assertEquals(0, state.counters().late());
    }

    @Test
    void aFrameThatComesAfterItWasGivenUpIsLate() {
        List<ReleasedAudio> released = arrive(stream, range(0, 10));
        // Frame 10 is missing; 11..18 fill the window, so 10 is given up when 18 arrives.
        released.addAll(arrive(stream, range(11, 19)));
        released.addAll(arrive(stream, 10));
        assertEquals(1, state.counters().late());
        assertEquals(1, state.counters().lost());
        assertEquals(0, state.counters().duplicates());
        assertTrue(frameIndexes(released).stream().filter(i -> i == 10).findAny().isEmpty());
    }

    @Test
    void lostFramesBecomeAGapAsLongAsTheTimestampsSay() {
        List<ReleasedAudio> released = arrive(stream, range(0, 10));
        released.addAll(arrive(stream, range(12, 18)));
        assertEquals(indexesOf(range(0, 10)), frameIndexes(released), "12..17 wait for 10 and 11");
        // 18 is the window's 8th frame past 10: 10 and 11 are given up.
        released.addAll(arrive(stream, 18, 19, 20));
        List<Integer> expected = indexesOf(range(0, 10));
        expected.add(-1);
        expected.addAll(indexesOf(range(12, 21)));
        assertEquals(expected, frameIndexes(released));
        ConcealedGap gap = assertInstanceOf(ConcealedGap.class, released.get(10));
        assertEquals(new ConcealedGap(8000, 2, 320, 320), gap);
        assertEquals(2, state.counters().lost());
        assertEquals(320, state.counters().concealedSamples());
    }

    @Test
    void aMissingFrameIsGivenUpWhenTheFramesAfterItHaveWaitedTheirDelayBudget() {
        arrive(stream, range(0, 10));
        List<ReleasedAudio> released = arrive(stream, 11);
        assertEquals(List.of(), released);
        long deadline = buffer.deadline(state);
        assertEquals(clockMs + JitterBufferConfig.DEFAULT.maxWaitMs(), deadline);
        assertEquals(List.of(), buffer.releaseExpired(state, deadline - 1));
        released = buffer.releaseExpired(state, deadline);
        assertEquals(new ConcealedGap(8000, 1, 160, 160), released.get(0));
        assertEquals(indexesOf(-1, 11), frameIndexes(released));
        assertEquals(Long.MAX_VALUE, buffer.deadline(state));
    }

    @Test
    void sequenceNumbersAndTimestampsWrapAroundWithoutAGap() {
        // 65530..65535, 0..5 on the wire, timestamps crossing 2^32 as well; 0 overtakes 65535.
        RtpStream wrapping = new RtpStream(7, 65530, 0xFFFF_FFFFL - 3 * 160);
        List<ReleasedAudio> released = arrive(wrapping, 0, 1, 2, 3, 4, 6, 5, 7, 8, 9, 10, 11);
        released.addAll(buffer.flush(state));
        assertEquals(indexesOf(range(0, 12)), frameIndexes(released));
        long previous = Long.MIN_VALUE;
        for (ReleasedAudio item : released) {
            ReceivedFrame frame = (ReceivedFrame) item;
            assertTrue(frame.sequence() > previous);
            previous = frame.sequence();
        }
        assertEquals(0, state.counters().lost());
    }

    @Test
    void aLossAcrossTheWrapAroundIsMeasuredAcrossIt() {
        RtpStream wrapping = new RtpStream(7, 65530, 0xFFFF_FFFFL - 3 * 160);
        // Frames 5 and 6 (sequence 65535 and 0) are lost.
        List<ReleasedAudio> released = arrive(wrapping, range(0, 5));
        released.addAll(arrive(wrapping, range(7, 20)));
        assertEquals(new ConcealedGap(8000, 2, 320, 320), released.get(5));
        assertEquals(2, state.counters().lost());
    }

    @Test
    void anSsrcChangeFlushesTheOldStreamAndStartsTheNewOneWithThePauseAsAGap() {
        List<ReleasedAudio> released = arrive(stream, range(0, 10));
        released.addAll(arrive(stream, 11));
        assertEquals(1, state.bufferedFrames(), "11 waits for 10");
        // The re-INVITE: a new SSRC with unrelated numbering, 100 ms after the old stream's last frame ended.
        RtpStream reinvite = new RtpStream(0xBEEFL, 40_000, 7_000_000);
        clockMs += 100;
        released.addAll(arrive(reinvite, range(0, 3)));
        assertEquals(List.of(), arrive(stream, 12), "a straggler of the old SSRC");
        released.addAll(arrive(reinvite, range(3, 10)));
        released.addAll(buffer.flush(state));

        List<Integer> expected = indexesOf(range(0, 10));
        expected.addAll(indexesOf(-1, 11, -1));
        expected.addAll(indexesOf(range(0, 10)));
        assertEquals(expected, frameIndexes(released));
        assertEquals(new ConcealedGap(8000, 1, 160, 160), released.get(10));
        // 11 arrived at t and lasts 20 ms; the new stream's first frame arrived at t + 120: 100 ms of pause.
        assertEquals(new ConcealedGap(8000, 0, 800, 800), released.get(12));
        assertEquals(1, state.counters().streamResets());
        assertEquals(1, state.counters().late());
    }

    @Test
    void theOldSsrcComingBackAfterTheStragglerGraceIsASwitchBack() {
        RtpStream other = new RtpStream(0xBEEFL, 40_000, 7_000_000);
        arrive(stream, range(0, 10));
        arrive(other, range(0, 10));
        List<ReleasedAudio> released = arrive(stream, range(10, 20));
        released.addAll(buffer.flush(state));
        assertEquals(2, state.counters().streamResets());
        assertEquals(0, state.counters().late());
        assertEquals(indexesOf(range(10, 20)), frameIndexes(released).subList(frameIndexes(released).size() - 10,
                frameIndexes(released).size()));
    }

    @Test
    void anAbsurdSequenceJumpStartsANewStreamInsteadOfAHugeGap() {
        List<ReleasedAudio> released = arrive(stream, range(0, 10));
        released.addAll(arrive(stream, range(30_000, 30_010)));
        released.addAll(buffer.flush(state));
        assertEquals(1, state.counters().streamResets());
        assertEquals(0, state.counters().lost());
        assertEquals(20, state.counters().released());
        for (ReleasedAudio item : released) {
            if (item instanceof ConcealedGap gap) {
                assertEquals(0, gap.lostFrames());
                assertTrue(gap.missingSamples() < 8000, "the pause is the arrival gap, not the timestamps' " + gap);
            }
        }
    }

    @Test
    void aLongGapIsConcealedOnlyUpToTheMaximumAndSkippedBeyond() {
        List<ReleasedAudio> released = arrive(stream, range(0, 10));
        // Two seconds (100 frames) lost.
        released.addAll(arrive(stream, range(110, 112)));
        ConcealedGap gap = assertInstanceOf(ConcealedGap.class, released.get(10));
        assertEquals(new ConcealedGap(8000, 100, 16_000, 1600), gap);
        assertEquals(14_400, gap.skippedSamples());
        assertEquals(1600, state.counters().concealedSamples());
    }

    @Test
    void aSenderSilenceWithContinuousSequenceNumbersIsAGapWithNothingLost() {
        // Discontinuous transmission: the RTP clock runs on 400 ms while no packets are sent.
        List<ReleasedAudio> released = arrive(stream, range(0, 10));
        AudioFrame afterSilence = new AudioFrame("tenant", "call", Leg.AGENT, stream.ssrc(),
                stream.firstSequence() + 10, stream.firstTimestamp() + 160 * 10 + 3200, Codec.PCMU, 8000,
                new byte[160], nextArrivalMs());
        released.addAll(buffer.offer(state, afterSilence));
        assertEquals(new ConcealedGap(8000, 0, 3200, 1600), released.get(10));
        assertEquals(0, state.counters().lost());
    }

    @Test
    void aFrameWhoseRateDoesNotFitItsCodecIsRefused() {
        AudioFrame wrong = new AudioFrame("tenant", "call", Leg.AGENT, 1, 0, 0, Codec.PCMU,
                16_000, new byte[160], 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> buffer.offer(state, wrong));
        assertTrue(e.getMessage().contains("PCMU at 16000 Hz"), e.getMessage());
    }
}
