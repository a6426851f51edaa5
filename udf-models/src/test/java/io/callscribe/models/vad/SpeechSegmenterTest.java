package io.callscribe.models.vad;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpeechSegmenterTest {

    private static final int RATE = 16000;
    private static final int CHUNK = 512;
    private static final SegmenterConfig CONFIG = new SegmenterConfig(0.5f, 0.15f, 250, 500, 200, 20_000);

    /** Feeds per-chunk probabilities and collects the spans, including the one closed at the end. */
    private static List<SpeechSpan> run(SpeechSegmenter segmenter, SegmenterState state, float[] probabilities) {
        List<SpeechSpan> spans = new ArrayList<>();
        for (float p : probabilities) {
            SpeechSpan span = segmenter.accept(state, p);
            if (span != null) {
                spans.add(span);
            }
        }
        SpeechSpan last = segmenter.finish(state);
        if (last != null) {
            spans.add(last);
        }
        return spans;
    }

    private static float[] pattern(int silenceChunks, int speechChunks, int trailingSilence) {
        float[] p = new float[silenceChunks + speechChunks + trailingSilence];
        for (int i = silenceChunks; i < silenceChunks + speechChunks; i++) {
            p[i] = 0.9f;
        }
        return p;
    }

    @Test
    void oneUtteranceGetsPaddedSampleExactBounds() {
        SpeechSegmenter segmenter = new SpeechSegmenter(CONFIG, RATE, CHUNK);
        List<SpeechSpan> spans = run(segmenter, new SegmenterState(), pattern(30, 40, 40));
        assertEquals(1, spans.size());
        long pad = 200 * RATE / 1000;
        assertEquals(30L * CHUNK - pad, spans.get(0).start());
        assertEquals(70L * CHUNK + pad, spans.get(0).end());
    }

    @Test
    void segmentClosesOnlyAfterMinimumSilence() {
        SpeechSegmenter segmenter = new SpeechSegmenter(CONFIG, RATE, CHUNK);
        SegmenterState state = new SegmenterState();
        for (float p : pattern(10, 20, 0)) {
            assertNull(segmenter.accept(state, p));
        }
        int silenceChunksNeeded = (int) Math.ceil(500.0 * RATE / 1000 / CHUNK);
        for (int i = 1; i < silenceChunksNeeded; i++) {
            assertNull(segmenter.accept(state, 0.0f), "closed after " + i + " silent chunks");
        }
        assertTrue(segmenter.accept(state, 0.0f) != null);
    }

    @Test
    void eachPauseNamesOnceTheSpanItsEndpointWouldClose() {
        SpeechSegmenter segmenter = new SpeechSegmenter(CONFIG, RATE, CHUNK);
        SegmenterState state = new SegmenterState();
        float[] p = pattern(10, 60, 40);
        for (int i = 30; i < 40; i++) {
            p[i] = 0.1f; // a 320 ms pause: long enough to reach its padding, too short to end the segment
        }
        List<SpeechSpan> pauses = new ArrayList<>();
        List<SpeechSpan> closed = new ArrayList<>();
        for (float probability : p) {
            SpeechSpan span = segmenter.accept(state, probability);
            if (span != null) {
                closed.add(span);
            }
            SpeechSpan pause = segmenter.pauseSpan(state);
            if (pause != null) {
                pauses.add(pause);
            }
        }
        assertEquals(2, pauses.size(), "one per pause: " + pauses);
        assertEquals(1, closed.size());
        assertEquals(closed.get(0), pauses.get(1), "the endpoint closes what its pause named");
        assertEquals(pauses.get(0).start(), pauses.get(1).start());
        assertEquals(30L * CHUNK + 200 * RATE / 1000, pauses.get(0).end());
    }

    @Test
    void shortPauseInsideSpeechDoesNotSplit() {
        float[] p = pattern(10, 60, 40);
        for (int i = 30; i < 35; i++) {
            p[i] = 0.1f; // 160 ms pause, under the 500 ms minimum silence
        }
        assertEquals(1, run(new SpeechSegmenter(CONFIG, RATE, CHUNK), new SegmenterState(), p).size());
    }

    @Test
    void hysteresisKeepsSpeechThroughMiddlingProbabilities() {
        float[] p = pattern(10, 60, 40);
        for (int i = 20; i < 60; i++) {
            p[i] = 0.4f; // below threshold but above threshold - releaseGap
        }
        List<SpeechSpan> spans = run(new SpeechSegmenter(CONFIG, RATE, CHUNK), new SegmenterState(), p);
        assertEquals(1, spans.size());
        assertTrue(spans.get(0).end() >= 70L * CHUNK);
    }

    @Test
    void burstShorterThanMinimumSpeechIsDropped() {
        List<SpeechSpan> spans = run(new SpeechSegmenter(CONFIG, RATE, CHUNK), new SegmenterState(), pattern(10, 5, 40));
        assertTrue(spans.isEmpty(), "160 ms burst should be dropped: " + spans);
    }

    @Test
    void longSpeechIsSplitAtItsQuietestChunkWithinMaximumLength() {
        SegmenterConfig config = CONFIG.withMaxSegmentMs(4000);
        long maxSamples = 4000L * RATE / 1000;
        float[] p = pattern(5, 400, 40);
        int quiet = 5 + 100; // 3.2 s into the speech, in the second half of the first 4 s
        p[quiet] = 0.45f;
        List<SpeechSpan> spans = run(new SpeechSegmenter(config, RATE, CHUNK), new SegmenterState(), p);
        assertTrue(spans.size() >= 3, "expected splits: " + spans);
        assertEquals((long) quiet * CHUNK + CHUNK / 2, spans.get(0).end());
        for (int i = 0; i < spans.size(); i++) {
            assertTrue(spans.get(i).length() <= maxSamples, "span " + i + " too long: " + spans.get(i));
            if (i > 0) {
                assertEquals(spans.get(i - 1).end(), spans.get(i).start(), "split spans are contiguous");
            }
        }
    }

    @Test
    void paddingNeverOverlapsThePreviousSegment() {
        float[] p = new float[200];
        for (int i = 10; i < 40; i++) {
            p[i] = 0.9f;
        }
        for (int i = 56; i < 90; i++) {
            p[i] = 0.9f; // 16 chunks (512 ms) of silence between: just over min silence
        }
        List<SpeechSpan> spans = run(new SpeechSegmenter(CONFIG, RATE, CHUNK), new SegmenterState(), p);
        assertEquals(2, spans.size());
        assertTrue(spans.get(1).start() >= spans.get(0).end());
    }

    @Test
    void speechRunningAtStreamEndIsClosedByFinish() {
        List<SpeechSpan> spans = run(new SpeechSegmenter(CONFIG, RATE, CHUNK), new SegmenterState(), pattern(10, 30, 0));
        assertEquals(1, spans.size());
        assertEquals(40L * CHUNK, spans.get(0).end());
    }

    @Test
    void stateSurvivesSerializationMidSpeech() throws IOException {
        SpeechSegmenter segmenter = new SpeechSegmenter(CONFIG, RATE, CHUNK);
        float[] p = pattern(10, 60, 40);
        SegmenterState uninterrupted = new SegmenterState();
        List<SpeechSpan> expected = run(segmenter, uninterrupted, p);

        SegmenterState state = new SegmenterState();
        List<SpeechSpan> spans = new ArrayList<>();
        for (int i = 0; i < p.length; i++) {
            if (i == 40) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                state.writeTo(new DataOutputStream(bytes));
                state = SegmenterState.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            }
            SpeechSpan s = segmenter.accept(state, p[i]);
            if (s != null) {
                spans.add(s);
            }
        }
        assertEquals(expected, spans);
    }

    @Test
    void invalidConfigurationIsRejectedWithTheFieldNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SegmenterConfig(0.5f, 0.15f, 250, 100, 200, 20_000));
        assertTrue(e.getMessage().contains("speechPadMs"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SegmenterConfig(1.5f, 0.15f, 250, 500, 200, 20_000));
    }
}
