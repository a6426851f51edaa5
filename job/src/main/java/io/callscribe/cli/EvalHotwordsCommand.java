package io.callscribe.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.callscribe.audio.ResamplerKind;
import io.callscribe.eval.EvalAudio;
import io.callscribe.eval.EvalManifest;
import io.callscribe.eval.EvalResult;
import io.callscribe.eval.EvalRunner;
import io.callscribe.eval.HotwordDistractors;
import io.callscribe.eval.HvbCallMetadata;
import io.callscribe.eval.PhraseRecall;
import io.callscribe.eval.ScoredUtterance;
import io.callscribe.eval.TelephonyCondition;
import io.callscribe.models.asr.DecodingBias;
import io.callscribe.models.asr.MoonshineRecognizer;
import io.callscribe.models.asr.RecognizerConfig;
import io.callscribe.models.hotwords.HotPhrase;
import io.callscribe.models.hotwords.HotwordBiasCache;
import io.callscribe.models.hotwords.HotwordCompiler;
import io.callscribe.models.hotwords.HotwordLimits;
import io.callscribe.models.hotwords.HotwordSet;
import io.callscribe.models.hotwords.HotwordSetFiles;
import io.callscribe.models.vad.SegmenterConfig;
import io.callscribe.models.vad.SileroVad;
import io.callscribe.text.ErrorCounts;
import io.callscribe.text.TranscriptNormalizer;
import io.callscribe.transcribe.ChannelSegmenter;
import io.callscribe.transcribe.ChannelTranscriber;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * {@code callscribe eval-hotwords}: what hot words buy and cost on real calls. Each segment of the
 * set is recognized three times: without bias, with the tenant's phrases plus the call's names
 * (from the corpus metadata, as a CRM would send them), and with a tenant of unrelated phrases.
 */
@Command(name = "eval-hotwords", mixinStandardHelpOptions = true,
        description = {"Hot-word evaluation on the HVB call segments: recall of the tenant's and the call's phrases",
                "with and without biasing, WER on the segments that mention none of them (the cost of false",
                "alarms), and the WER change from a tenant of unrelated distractor phrases."})
public final class EvalHotwordsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model-dir", paramLabel = "DIR", description = "Model cache folder (default: $CALLSCRIBE_MODEL_DIR or ~/.cache/callscribe/models).")
    Path modelDir;

    @Option(names = "--models", split = ",", defaultValue = "moonshine-tiny,moonshine-base", description = "Recognizers. Default: ${DEFAULT-VALUE}.")
    List<String> modelIds;

    @Option(names = "--beams", split = ",", defaultValue = "1,4", description = "Beam widths (1 = greedy). Default: ${DEFAULT-VALUE}.")
    List<Integer> beams;

    @Option(names = "--provider", defaultValue = "auto", paramLabel = "cpu|cuda|auto", description = "Default: ${DEFAULT-VALUE}.")
    String provider;

    @Option(names = "--threads", defaultValue = "2", description = "Intra-op threads. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--set", paramLabel = "DIR", defaultValue = "../shared/eval/hvb-callcenter-dev",
            description = "HVB set folder (manifest.tsv, metadata/). Default: ${DEFAULT-VALUE}.")
    Path set;

    @Option(names = "--tenant-file", paramLabel = "FILE", defaultValue = "config/hotwords/harper-valley.yaml",
            description = "The tenant's hot-word file. Default: ${DEFAULT-VALUE}.")
    Path tenantFile;

    @Option(names = "--boost", paramLabel = "NATS",
            description = "Give every phrase (tenant, call, distractors) this boost instead of its own; to study the trade-off.")
    Float boost;

    @Option(names = "--distractors", defaultValue = "200", description = "Unrelated phrases of the distractor tenant. Default: ${DEFAULT-VALUE}.")
    int distractors;

    @Option(names = "--limit", defaultValue = "0", description = "Only the first N segments (0 = all).")
    int limit;

    @Option(names = "--long-form", description = {"Whole channels (calls_manifest.tsv) segmented by the VAD, as live calls are,",
            "instead of the human-cut segments; recall and WER per channel."})
    boolean longForm;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the figures as JSON here.")
    Path json;

    @Option(names = "--quiet", description = "No per-segment lines for the segments whose text biasing changed.")
    boolean quiet;

    private final TranscriptNormalizer normalizer = new TranscriptNormalizer();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        HotwordLimits limits = HotwordLimits.DEFAULTS;
        HotwordSet fromFile = HotwordSetFiles.read(tenantFile, limits);
        List<EvalManifest.Entry> entries = EvalManifest.read(set.resolve(longForm ? "calls_manifest.tsv" : "manifest.tsv"));
        if (limit > 0 && entries.size() > limit) {
            entries = entries.subList(0, limit);
        }
        float callBoost = boost != null ? boost : HotPhrase.DEFAULT_BOOST;
        HotwordSet tenant = boost == null ? fromFile : HotwordSet.tenant(fromFile.owner(), fromFile.version(),
                fromFile.phrases().stream().map(p -> new HotPhrase(p.text(), boost)).toList(), limits);
        HotwordSet distractorTenant = HotwordSet.tenant("distractors", 1,
                HotwordDistractors.first(distractors).stream().map(t -> new HotPhrase(t, callBoost)).toList(), limits);
        Map<String, HotwordSet> callSets = new HashMap<>();
        Map<String, List<List<String>>> phrasesByCall = new HashMap<>();
        for (EvalManifest.Entry e : entries) {
            String call = e.callId();
            if (!callSets.containsKey(call)) {
                List<String> names = HvbCallMetadata.forCall(set, call).map(HvbCallMetadata::hotPhrases).orElse(List.of());
                callSets.put(call, HotwordSet.call(call, names, callBoost, limits));
                List<List<String>> phrases = new ArrayList<>();
                for (HotPhrase p : tenant.phrases()) {
                    phrases.add(normalizer.words(p.text()));
                }
                for (HotPhrase p : callSets.get(call).phrases()) {
                    phrases.add(normalizer.words(p.text()));
                }
                phrasesByCall.put(call, phrases);
            }
        }
        out.printf(Locale.ROOT, "eval-hotwords: %d %s of %s; tenant '%s' v%d (%d phrases%s); per-call names from metadata "
                        + "(%d calls, boost %.1f); distractor tenant of %d unrelated phrases%n",
                entries.size(), longForm ? "channels segmented by the VAD" : "segments", set, tenant.owner(), tenant.version(),
                tenant.phrases().size(),
                boost != null ? ", all boosts " + boost : "", callSets.size(), callBoost, distractorTenant.phrases().size());
        out.flush();

        EvalAudio audio = new EvalAudio(ResamplerKind.SINC, TelephonyCondition.PCM);
        ModelOptions models = new ModelOptions();
        models.modelDir = modelDir;
        models.provider = provider;
        models.threads = threads;
        List<Map<String, Object>> rows = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        int failures = 0;
        for (String id : modelIds) {
            for (int beam : beams) {
                try (MoonshineRecognizer recognizer = MoonshineRecognizer.builder().model(models.directory(id))
                        .options(models.inference()).config(RecognizerConfig.GREEDY.withBeamWidth(beam)).build();
                     SileroVad vad = longForm ? models.vad() : null) {
                    HotwordBiasCache cache = new HotwordBiasCache(new HotwordCompiler(recognizer.vocabulary(), limits), 4, 64);
                    EvalRunner runner = new EvalRunner(recognizer, audio);
                    ChannelTranscriber channels = vad == null ? null
                            : new ChannelTranscriber(new ChannelSegmenter(vad, SegmenterConfig.DEFAULT), recognizer);
                    String search = beam == 1 ? "greedy" : "beam " + beam;
                    EvalResult plain = run(runner, channels, entries, e -> DecodingBias.NONE);
                    EvalResult biased = run(runner, channels, entries, e -> cache.biasFor(tenant, callSets.get(e.callId())));
                    EvalResult distracted = run(runner, channels, entries, e -> cache.biasFor(distractorTenant, null));
                    failures += plain.failures().size();
                    Map<String, Object> row = figures(id, search, plain, biased, distracted, phrasesByCall);
                    rows.add(row);
                    lines.add(format(row));
                    if (!quiet) {
                        printChanges(out, id + " " + search + " hot words", plain, biased);
                        printChanges(out, id + " " + search + " distractors", plain, distracted);
                        printMisses(out, id + " " + search, biased, phrasesByCall);
                    }
                    out.println(header());
                    out.println(lines.get(lines.size() - 1));
                    out.flush();
                }
            }
        }
        out.println();
        out.println(header());
        lines.forEach(out::println);
        if (json != null) {
            Map<String, Object> all = new LinkedHashMap<>();
            all.put("segments", entries.size());
            all.put("tenantPhrases", tenant.phrases().size());
            all.put("distractorPhrases", distractorTenant.phrases().size());
            all.put("results", rows);
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), all);
        }
        out.flush();
        return failures == 0 ? 0 : 1;
    }

    /** The human-cut segments one by one, or with {@code channels} whole channels segmented by the VAD. */
    private static EvalResult run(EvalRunner runner, ChannelTranscriber channels, List<EvalManifest.Entry> entries,
            Function<EvalManifest.Entry, DecodingBias> bias) {
        return channels == null ? runner.oracle(entries, 1, bias, u -> { }) : runner.longForm(entries, channels, bias, u -> { });
    }

    private Map<String, Object> figures(String model, String search, EvalResult plain, EvalResult biased, EvalResult distracted,
            Map<String, List<List<String>>> phrasesByCall) {
        Predicate<ScoredUtterance> mentionsNone = u -> !PhraseRecall.mentionsAny(normalizer.words(u.reference()), phrasesByCall.get(u.callId()));
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("model", model);
        row.put("search", search);
        PhraseRecall recallPlain = recall(plain, phrasesByCall);
        PhraseRecall recallBiased = recall(biased, phrasesByCall);
        row.put("mentions", recallPlain.mentions());
        row.put("recallWithout", recallPlain.recall());
        row.put("recallWith", recallBiased.recall());
        ErrorCounts elsewherePlain = pooled(plain, mentionsNone);
        ErrorCounts elsewhereBiased = pooled(biased, mentionsNone);
        row.put("wordsElsewhere", elsewherePlain.referenceWords());
        row.put("werElsewhereWithout", elsewherePlain.wer());
        row.put("werElsewhereWith", elsewhereBiased.wer());
        row.put("werWithout", plain.pooled().wer());
        row.put("werWith", biased.pooled().wer());
        row.put("werDistractors", distracted.pooled().wer());
        row.put("hotwordHits", biased.utterances().stream().mapToLong(u -> u.hotwords().size()).sum());
        row.put("distractorHits", distracted.utterances().stream().mapToLong(u -> u.hotwords().size()).sum());
        row.put("rtfWithout", plain.pooledRealTimeFactor());
        row.put("rtfWith", biased.pooledRealTimeFactor());
        return row;
    }

    private PhraseRecall recall(EvalResult result, Map<String, List<List<String>>> phrasesByCall) {
        PhraseRecall total = PhraseRecall.ZERO;
        for (ScoredUtterance u : result.utterances()) {
            total = total.plus(PhraseRecall.of(normalizer.words(u.reference()), normalizer.words(u.hypothesis()),
                    phrasesByCall.get(u.callId())));
        }
        return total;
    }

    private static ErrorCounts pooled(EvalResult result, Predicate<ScoredUtterance> which) {
        return result.utterances().stream().filter(which).map(ScoredUtterance::counts).reduce(ErrorCounts.ZERO, ErrorCounts::plus);
    }

    private static String header() {
        return String.format(Locale.ROOT, "%-15s %-7s | %-27s | %-30s | %-22s | %-22s | %s",
                "model", "search", "phrase recall without/with", "WER without phrases, w/o / with", "WER all, without/with",
                "WER with distractors", "hits, distractor hits");
    }

    private static String format(Map<String, Object> r) {
        double recallWithout = (double) r.get("recallWithout");
        double recallWith = (double) r.get("recallWith");
        double elseWithout = (double) r.get("werElsewhereWithout");
        double elseWith = (double) r.get("werElsewhereWith");
        double werWithout = (double) r.get("werWithout");
        double distract = (double) r.get("werDistractors");
        // long-form: every channel mentions a phrase, so there is nothing elsewhere to score
        String elsewhere = (long) r.get("wordsElsewhere") == 0 ? String.format(Locale.ROOT, "%-31s", "n/a (no such text)")
                : String.format(Locale.ROOT, "%5.2f%% %5.2f%% (%+5.2f, %3d words)", 100 * elseWithout, 100 * elseWith,
                        100 * (elseWith - elseWithout), r.get("wordsElsewhere"));
        return String.format(Locale.ROOT, "%-15s %-7s | %5.1f%% %5.1f%% (%+5.1f, n=%-3d) | %s | %5.2f%% %5.2f%% (%+5.2f) | %5.2f%% (%+5.2f)          | %d, %d",
                r.get("model"), r.get("search"), 100 * recallWithout, 100 * recallWith, 100 * (recallWith - recallWithout), r.get("mentions"),
                elsewhere,
                100 * werWithout, 100 * (double) r.get("werWith"), 100 * ((double) r.get("werWith") - werWithout),
                100 * distract, 100 * (distract - werWithout), r.get("hotwordHits"), r.get("distractorHits"));
    }

    private void printMisses(PrintWriter out, String setup, EvalResult biased, Map<String, List<List<String>>> phrasesByCall) {
        for (ScoredUtterance u : biased.utterances()) {
            PhraseRecall r = PhraseRecall.of(normalizer.words(u.reference()), normalizer.words(u.hypothesis()), phrasesByCall.get(u.callId()));
            if (r.recognized() < r.mentions()) {
                out.printf(Locale.ROOT, "  %s %s missed %d of %d phrase mentions%n    ref:      %s%n    with:     %s%n", setup, u.id(),
                        r.mentions() - r.recognized(), r.mentions(), u.reference(), u.hypothesis());
            }
        }
    }

    private static void printChanges(PrintWriter out, String setup, EvalResult plain, EvalResult biased) {
        for (int i = 0; i < plain.utterances().size(); i++) {
            ScoredUtterance a = plain.utterances().get(i);
            ScoredUtterance b = biased.utterances().get(i);
            if (!a.hypothesis().equals(b.hypothesis())) {
                out.printf(Locale.ROOT, "  %s %s%n    ref:      %s%n    without:  %s%n    with:     %s  %s%n", setup, a.id(),
                        a.reference(), a.hypothesis(), b.hypothesis(), b.hotwords());
            }
        }
    }
}
