package io.callscribe.transcribe;

import io.callscribe.models.asr.DecodingBias;
import io.callscribe.models.asr.MoonshineRecognizer;
import io.callscribe.models.asr.Transcript;
import io.callscribe.models.vad.SpeechSpan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** Transcribes a whole recorded channel: its VAD segments, each recognized. */
public final class ChannelTranscriber {

    private final ChannelSegmenter segmenter;
    private final MoonshineRecognizer recognizer;

    public ChannelTranscriber(ChannelSegmenter segmenter, MoonshineRecognizer recognizer) {
        this.segmenter = segmenter;
        this.recognizer = recognizer;
    }

    public List<SpeechSpan> segment(float[] audio) {
        return segmenter.segment(audio);
    }

    public List<TranscribedSegment> transcribe(float[] audio) {
        return transcribe(audio, segment(audio));
    }

    /** Recognizes the given spans of 16 kHz mono audio. */
    public List<TranscribedSegment> transcribe(float[] audio, List<SpeechSpan> spans) {
        return transcribe(audio, spans, DecodingBias.NONE);
    }

    /** Recognizes the given spans of 16 kHz mono audio, each with {@code bias} (the channel's hot words). */
    public List<TranscribedSegment> transcribe(float[] audio, List<SpeechSpan> spans, DecodingBias bias) {
        List<float[]> clips = new ArrayList<>(spans.size());
        for (SpeechSpan s : spans) {
            clips.add(Arrays.copyOfRange(audio, (int) s.start(), (int) Math.min(s.end(), audio.length)));
        }
        List<Transcript> transcripts = recognizer.recognizeAll(clips, Collections.nCopies(clips.size(), bias));
        List<TranscribedSegment> out = new ArrayList<>(spans.size());
        for (int i = 0; i < spans.size(); i++) {
            out.add(new TranscribedSegment(spans.get(i), transcripts.get(i)));
        }
        return out;
    }
}
