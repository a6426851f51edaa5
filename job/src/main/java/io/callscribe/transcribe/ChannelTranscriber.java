package io.callscribe.transcribe;

import io.callscribe.models.asr.MoonshineRecognizer;
import io.callscribe.models.vad.SegmenterState;
import io.callscribe.models.vad.SileroVad;
import io.callscribe.models.vad.SpeechSegmenter;
import io.callscribe.models.vad.SpeechSpan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Transcribes a whole recorded channel the way the live job does: VAD chunk by chunk, the same
 * endpoint rules, then recognition of each segment. Not thread-safe (the VAD reuses buffers).
 */
public final class ChannelTranscriber {

    private final SileroVad vad;
    private final SpeechSegmenter segmenter;
    private final MoonshineRecognizer recognizer;

    public ChannelTranscriber(SileroVad vad, SpeechSegmenter segmenter, MoonshineRecognizer recognizer) {
        if (vad.sampleRate() != MoonshineRecognizer.SAMPLE_RATE) {
            throw new IllegalArgumentException("VAD must run at " + MoonshineRecognizer.SAMPLE_RATE + " Hz");
        }
        this.vad = vad;
        this.segmenter = segmenter;
        this.recognizer = recognizer;
    }

    /** Speech spans of 16 kHz mono audio. */
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

    public List<TranscribedSegment> transcribe(float[] audio) {
        return transcribe(audio, segment(audio));
    }

    /** Recognizes the given spans of the audio. */
    public List<TranscribedSegment> transcribe(float[] audio, List<SpeechSpan> spans) {
        List<float[]> clips = new ArrayList<>(spans.size());
        for (SpeechSpan s : spans) {
            clips.add(Arrays.copyOfRange(audio, (int) s.start(), (int) Math.min(s.end(), audio.length)));
        }
        var transcripts = recognizer.recognizeAll(clips);
        List<TranscribedSegment> out = new ArrayList<>(spans.size());
        for (int i = 0; i < spans.size(); i++) {
            out.add(new TranscribedSegment(spans.get(i), transcripts.get(i)));
        }
        return out;
    }
}
