package io.callscribe.transcribe;

import io.callscribe.models.asr.MoonshineRecognizer;
import io.callscribe.models.vad.SegmenterConfig;
import io.callscribe.models.vad.SegmenterState;
import io.callscribe.models.vad.SileroVad;
import io.callscribe.models.vad.SpeechSegmenter;
import io.callscribe.models.vad.SpeechSpan;

import java.util.ArrayList;
import java.util.List;

/**
 * Speech spans of a whole recorded channel, found the way the live job finds them: VAD chunk by
 * chunk with the same endpoint rules. Not thread-safe (the VAD reuses buffers).
 */
public final class ChannelSegmenter {

    private final SileroVad vad;
    private final SpeechSegmenter segmenter;

    /** @param rules the endpoint rules, applied to the VAD's chunks at the recognizer's rate */
    public ChannelSegmenter(SileroVad vad, SegmenterConfig rules) {
        if (vad.sampleRate() != MoonshineRecognizer.SAMPLE_RATE) {
            throw new IllegalArgumentException("VAD must run at " + MoonshineRecognizer.SAMPLE_RATE + " Hz");
        }
        this.vad = vad;
        this.segmenter = new SpeechSegmenter(rules, MoonshineRecognizer.SAMPLE_RATE, vad.chunkSamples());
    }

    /** Speech spans of 16 kHz mono audio, on its sample clock. */
    public List<SpeechSpan> segment(float[] audio) {
        int chunk = vad.chunkSamples();
        var vadState = vad.newState();
        SegmenterState state = new SegmenterState();
        List<SpeechSpan> spans = new ArrayList<>();
        for (int offset = 0; offset + chunk <= audio.length; offset += chunk) {
            SpeechSpan span = segmenter.accept(state, vad.probability(vadState, audio, offset));
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
}
