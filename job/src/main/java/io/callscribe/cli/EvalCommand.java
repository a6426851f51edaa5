package io.callscribe.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.callscribe.audio.ResamplerKind;
import io.callscribe.eval.ConfidenceReport;
import io.callscribe.eval.EvalAudio;
import io.callscribe.eval.EvalManifest;
import io.callscribe.eval.EvalResult;
import io.callscribe.eval.EvalRunner;
import io.callscribe.eval.PiiReport;
import io.callscribe.eval.ScoredUtterance;
import io.callscribe.eval.SpeechTimeOverlap;
import io.callscribe.eval.TelephonyCondition;
import io.callscribe.audio.G711;
import io.callscribe.models.asr.ConfidenceCalibration;
import io.callscribe.models.asr.MoonshineRecognizer;
import io.callscribe.models.vad.SegmenterConfig;
import io.callscribe.models.vad.SileroVad;
import io.callscribe.text.ErrorCounts;
import io.callscribe.transcribe.ChannelSegmenter;
import io.callscribe.transcribe.ChannelTranscriber;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code callscribe eval}: word error rate, speed and confidence quality on a manifest. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Transcribe an evaluation set and score it: pooled WER (scoring rules of shared/eval/README.md),",
                "real-time factor, word-confidence quality; long-form mode also VAD speech-time recall/precision."})
public final class EvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions models;

    @Option(names = "--set", paramLabel = "DIR", defaultValue = "../shared/eval/hvb-callcenter-dev",
            description = "Evaluation set folder with manifest.tsv (and calls_manifest.tsv for --long-form). Default: ${DEFAULT-VALUE}.")
    Path set;

    @Option(names = "--manifest", paramLabel = "FILE", description = "A manifest to use instead of the set's.")
    Path manifest;

    @Option(names = "--long-form", description = "Whole channels (calls_manifest.tsv) segmented by the VAD, as live calls are.")
    boolean longForm;

    @Option(names = "--codec", defaultValue = "pcm", paramLabel = "pcm|mulaw|alaw",
            description = "Telephone codec applied at 8 kHz before recognition. Default: ${DEFAULT-VALUE}.")
    String codec;

    @Option(names = "--loss", defaultValue = "0", paramLabel = "PERCENT", description = "Random 20 ms packet loss. Default: ${DEFAULT-VALUE}.")
    double loss;

    @Option(names = "--resampler", defaultValue = "sinc", paramLabel = "sinc|linear", description = "Resampler to 16 kHz. Default: ${DEFAULT-VALUE}.")
    String resampler;

    @Option(names = "--batch", defaultValue = "1", description = "Segments per recognizer call (oracle mode). Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--limit", defaultValue = "0", description = "Only the first N entries (0 = all).")
    int limit;

    @Option(names = "--min-silence-ms", defaultValue = "500", description = "VAD endpoint silence (long-form). Default: ${DEFAULT-VALUE}.")
    int minSilenceMs;

    @Option(names = "--threshold", defaultValue = "0.6", description = "Word-confidence review threshold to report. Default: ${DEFAULT-VALUE}.")
    double threshold;

    @Option(names = "--calibration", paramLabel = "FILE", description = "Use this confidence calibration instead of the shipped one.")
    Path calibration;

    @Option(names = "--fit-calibration", paramLabel = "FILE",
            description = "Fit a confidence calibration on this run's words, write it, and report it cross-validated by call.")
    Path fitCalibration;

    @Option(names = "--tsv", paramLabel = "FILE", description = "Write per-utterance hypotheses here.")
    Path tsv;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the figures as JSON here.")
    Path json;

    @Option(names = "--quiet", description = "No per-utterance lines.")
    boolean quiet;

    @Option(names = "--pii", description = {"Also report what PII redaction takes from the references and the hypotheses, with the spans:",
            "on a set without personal data every redacted word is a false positive."})
    boolean pii;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path manifestFile = manifest != null ? manifest : set.resolve(longForm ? "calls_manifest.tsv" : "manifest.tsv");
        List<EvalManifest.Entry> entries = EvalManifest.read(manifestFile);
        if (limit > 0 && entries.size() > limit) {
            entries = entries.subList(0, limit);
        }
        G711 g711 = switch (codec.toLowerCase(Locale.ROOT)) {
            case "pcm" -> null;
            case "mulaw", "pcmu" -> G711.MU_LAW;
            case "alaw", "pcma" -> G711.A_LAW;
            default -> throw new IllegalArgumentException("--codec must be pcm, mulaw or alaw, not " + codec);
        };
        EvalAudio audio = new EvalAudio(ResamplerKind.valueOf(resampler.toUpperCase(Locale.ROOT)),
                new TelephonyCondition(g711, loss, 20240601L));
        String setup;
        EvalResult result;
        try (MoonshineRecognizer recognizer = recognizer()) {
            setup = String.format(Locale.ROOT, "%s, %d entries, %s, %s, %s, provider %s, %d threads%s",
                    manifestFile, entries.size(), recognizer.modelId(),
                    models.beam == 1 ? "greedy" : "beam " + models.beam, audio, recognizer.provider(), models.threads,
                    longForm ? ", long-form (VAD segmentation)" : ", oracle segments, batch " + batch);
            out.println("eval: " + setup);
            out.flush();
            EvalRunner runner = new EvalRunner(recognizer, audio);
            if (longForm) {
                try (SileroVad vad = models.vad()) {
                    ChannelSegmenter segmenter = new ChannelSegmenter(vad, SegmenterConfig.DEFAULT.withMinSilenceMs(minSilenceMs));
                    result = runner.longForm(entries, new ChannelTranscriber(segmenter, recognizer), this::progress);
                }
            } else {
                result = runner.oracle(entries, batch, this::progress);
            }
        }
        ErrorCounts pooled = result.pooled();
        out.printf(Locale.ROOT, "WER %.2f%% (S=%d D=%d I=%d N=%d) | RTF pooled %.3f, median %.3f | %.1f s audio%n",
                100 * pooled.wer(), pooled.substitutions(), pooled.deletions(), pooled.insertions(), pooled.referenceWords(),
                result.pooledRealTimeFactor(), result.medianRealTimeFactor(), result.audioSeconds());
        SpeechTimeOverlap vad = result.vad();
        if (vad != null) {
            out.printf(Locale.ROOT, "VAD speech time vs human spans: recall %.1f%%, precision %.1f%% | VAD cost %.4f s per audio second%n",
                    100 * vad.recall(), 100 * vad.precision(), result.vadSeconds() / result.audioSeconds());
        }
        ConfidenceReport confidence = ConfidenceReport.of(ConfidenceReport.points(result.utterances(), null), threshold);
        out.print(confidence.format());
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("setup", setup);
        figures.put("wer", pooled.wer());
        figures.put("errors", pooled);
        figures.put("rtfPooled", result.pooledRealTimeFactor());
        figures.put("rtfMedian", result.medianRealTimeFactor());
        figures.put("audioSeconds", result.audioSeconds());
        if (vad != null) {
            figures.put("vadRecall", vad.recall());
            figures.put("vadPrecision", vad.precision());
            figures.put("vadSecondsPerAudioSecond", result.vadSeconds() / result.audioSeconds());
        }
        figures.put("confidence", confidence);
        if (pii) {
            PiiReport references = new PiiReport();
            PiiReport hypotheses = new PiiReport();
            for (ScoredUtterance u : result.utterances()) {
                references.add(u.reference());
                hypotheses.add(u.hypothesis());
            }
            out.print(references.format("PII redaction, references"));
            out.print(hypotheses.format("PII redaction, hypotheses"));
            figures.put("piiRedactedReferenceWords", references.redactedWords());
            figures.put("piiRedactedHypothesisWords", hypotheses.redactedWords());
            figures.put("piiHypothesisWords", hypotheses.words());
        }
        if (fitCalibration != null) {
            figures.put("calibrationCrossValidated", fitAndCrossValidate(result.utterances()));
        }
        if (tsv != null) {
            writeTsv(result.utterances());
        }
        figures.put("failures", result.failures());
        if (json != null) {
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), figures);
        }
        out.flush();
        for (String failure : result.failures()) {
            spec.commandLine().getErr().println("callscribe: skipped " + failure);
        }
        // Skipped entries make the figures incomplete: scripts must notice.
        return result.failures().isEmpty() ? 0 : 1;
    }

    private MoonshineRecognizer recognizer() {
        MoonshineRecognizer.Builder builder = models.recognizerBuilder(batch);
        if (calibration != null) {
            builder.calibration(ConfidenceCalibration.read(calibration));
        }
        return builder.build();
    }

    private void progress(ScoredUtterance u) {
        if (!quiet) {
            spec.commandLine().getOut().printf(Locale.ROOT, "  %-36s wer %5.1f%%  rtf %.3f  | %s%n", u.id(), 100 * u.counts().wer(), u.realTimeFactor(), u.hypothesis());
        }
    }

    /**
     * Fits on all words and writes the calibration; reports it honestly by fitting on half of the
     * calls and scoring on the other half, both ways.
     */
    private ConfidenceReport fitAndCrossValidate(List<ScoredUtterance> utterances) {
        List<String> calls = utterances.stream().map(ScoredUtterance::callId).distinct().sorted().toList();
        List<ConfidenceReport.Point> heldOut = new ArrayList<>();
        for (int fold = 0; fold < 2; fold++) {
            int f = fold;
            List<ScoredUtterance> train = new ArrayList<>();
            List<ScoredUtterance> test = new ArrayList<>();
            for (ScoredUtterance u : utterances) {
                (calls.indexOf(u.callId()) % 2 == f ? test : train).add(u);
            }
            heldOut.addAll(ConfidenceReport.points(test, fit(train, "fold")));
        }
        ConfidenceReport report = ConfidenceReport.of(heldOut, threshold);
        PrintWriter out = spec.commandLine().getOut();
        out.println("calibration fitted on half the calls, scored on the other half (2-fold by call):");
        out.print(report.format());
        ConfidenceCalibration all = fit(utterances, manifestDescription(utterances));
        all.write(fitCalibration);
        out.println("calibration fitted on all " + utterances.size() + " entries written to " + fitCalibration);
        return report;
    }

    private String manifestDescription(List<ScoredUtterance> utterances) {
        return (manifest != null ? manifest : set) + " (" + utterances.size() + " entries, " + codec + ", beam " + models.beam + ")";
    }

    private ConfidenceCalibration fit(List<ScoredUtterance> utterances, String fittedOn) {
        List<double[]> features = new ArrayList<>();
        List<Boolean> labels = new ArrayList<>();
        for (ScoredUtterance u : utterances) {
            for (var w : u.words()) {
                features.add(ConfidenceCalibration.features(w.word().tokens()));
                labels.add(w.correct());
            }
        }
        return ConfidenceCalibration.fit(models.model, features, labels, fittedOn);
    }

    private void writeTsv(List<ScoredUtterance> utterances) throws IOException {
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(tsv, StandardCharsets.UTF_8))) {
            out.println("id\treference\thypothesis\terrors\treference_words\twer\taudio_s\trtf\tflags");
            for (ScoredUtterance u : utterances) {
                out.printf(Locale.ROOT, "%s\t%s\t%s\t%d\t%d\t%.4f\t%.3f\t%.4f\t%s%n", u.id(), u.reference(), u.hypothesis(),
                        u.counts().errors(), u.counts().referenceWords(), u.counts().wer(), u.audioSeconds(),
                        u.realTimeFactor(), u.flags());
            }
        }
    }
}
