package io.callscribe.eval;

import io.callscribe.models.asr.DecodingBias;
import io.callscribe.models.asr.MoonshineRecognizer;
import io.callscribe.models.asr.Transcript;
import io.callscribe.models.vad.SpeechSpan;
import io.callscribe.text.TranscriptNormalizer;
import io.callscribe.transcribe.ChannelTranscriber;
import io.callscribe.transcribe.TranscribedSegment;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs the recognizer over a manifest and scores it: either each entry as one segment (oracle
 * segmentation) or each entry as a whole channel segmented by the VAD (long-form, as live calls).
 */
public final class EvalRunner {

    private final MoonshineRecognizer recognizer;
    private final EvalAudio audio;
    private final TranscriptNormalizer normalizer = new TranscriptNormalizer();

    public EvalRunner(MoonshineRecognizer recognizer, EvalAudio audio) {
        this.recognizer = recognizer;
        this.audio = audio;
    }

    /** Each entry is one segment; {@code batch} segments go to the recognizer per call. */
    public EvalResult oracle(List<EvalManifest.Entry> entries, int batch, Consumer<ScoredUtterance> progress) {
        return oracle(entries, batch, e -> DecodingBias.NONE, progress);
    }

    /** As {@link #oracle(List, int, Consumer)}, each entry recognized with its own bias (hot words). */
    public EvalResult oracle(List<EvalManifest.Entry> entries, int batch, Function<EvalManifest.Entry, DecodingBias> bias,
            Consumer<ScoredUtterance> progress) {
        List<ScoredUtterance> scored = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (int from = 0; from < entries.size(); from += batch) {
            List<EvalManifest.Entry> group = new ArrayList<>();
            List<float[]> clips = new ArrayList<>();
            List<DecodingBias> biases = new ArrayList<>();
            for (EvalManifest.Entry e : entries.subList(from, Math.min(entries.size(), from + batch))) {
                float[] clip = load(e, failures);
                if (clip != null) {
                    group.add(e);
                    clips.add(clip);
                    biases.add(bias.apply(e));
                }
            }
            if (clips.isEmpty()) {
                continue;
            }
            long t0 = System.nanoTime();
            List<Transcript> transcripts = recognizer.recognizeAll(clips, biases);
            double seconds = (System.nanoTime() - t0) / 1e9;
            double groupAudio = clips.stream().mapToDouble(c -> c.length / (double) EvalAudio.MODEL_RATE).sum();
            for (int i = 0; i < group.size(); i++) {
                double clipSeconds = clips.get(i).length / (double) EvalAudio.MODEL_RATE;
                EvalManifest.Entry e = group.get(i);
                ScoredUtterance u = ScoredUtterance.score(e.audio().getFileName().toString(), e.callId(), e.reference(),
                        List.of(transcripts.get(i)), clipSeconds, seconds * clipSeconds / groupAudio, normalizer);
                scored.add(u);
                progress.accept(u);
            }
        }
        return new EvalResult(scored, null, 0, failures);
    }

    /** Each entry is a whole channel, segmented by the VAD, its segments' hypotheses joined. */
    public EvalResult longForm(List<EvalManifest.Entry> entries, ChannelTranscriber transcriber, Consumer<ScoredUtterance> progress) {
        return longForm(entries, transcriber, e -> DecodingBias.NONE, progress);
    }

    /** As {@link #longForm(List, ChannelTranscriber, Consumer)}, each channel recognized with its own bias (hot words). */
    public EvalResult longForm(List<EvalManifest.Entry> entries, ChannelTranscriber transcriber,
            Function<EvalManifest.Entry, DecodingBias> bias, Consumer<ScoredUtterance> progress) {
        List<ScoredUtterance> scored = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        SpeechTimeOverlap vad = null;
        double vadSeconds = 0;
        for (EvalManifest.Entry e : entries) {
            float[] clip = load(e, failures);
            if (clip == null) {
                continue;
            }
            long t0 = System.nanoTime();
            List<SpeechSpan> spans = transcriber.segment(clip);
            long t1 = System.nanoTime();
            List<TranscribedSegment> segments = transcriber.transcribe(clip, spans, bias.apply(e));
            long t2 = System.nanoTime();
            vadSeconds += (t1 - t0) / 1e9;
            double clipSeconds = clip.length / (double) EvalAudio.MODEL_RATE;
            ScoredUtterance u = ScoredUtterance.score(e.audio().getFileName().toString(), e.callId(), e.reference(),
                    segments.stream().map(TranscribedSegment::transcript).toList(), clipSeconds, (t2 - t0) / 1e9, normalizer);
            scored.add(u);
            progress.accept(u);
            Optional<List<SpeechTimeOverlap.Span>> human = HvbSpeechSpans.forChannel(e.audio());
            if (human.isPresent()) {
                List<SpeechTimeOverlap.Span> detected = spans.stream()
                        .map(s -> new SpeechTimeOverlap.Span(s.start() * 1000 / EvalAudio.MODEL_RATE, s.end() * 1000 / EvalAudio.MODEL_RATE))
                        .toList();
                SpeechTimeOverlap overlap = SpeechTimeOverlap.of(human.get(), detected, (long) (clipSeconds * 1000));
                vad = vad == null ? overlap : vad.plus(overlap);
            }
        }
        return new EvalResult(scored, vad, vadSeconds, failures);
    }

    /** The entry's audio, or null with the reason recorded when the file is not usable audio. */
    private float[] load(EvalManifest.Entry entry, List<String> failures) {
        try {
            float[] clip = audio.load(entry.audio());
            if (clip.length == 0) {
                failures.add(entry.audio() + ": no audio samples");
                return null;
            }
            return clip;
        } catch (UncheckedIOException e) {
            failures.add(e.getMessage());
            return null;
        }
    }
}
