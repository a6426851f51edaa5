package io.callscribe.eval;

import io.callscribe.audio.ResamplerKind;
import io.callscribe.models.asr.DecodingBias;
import io.callscribe.models.asr.MoonshineRecognizer;
import io.callscribe.models.asr.RecognizerConfig;
import io.callscribe.models.asr.Transcript;
import io.callscribe.models.hotwords.HotPhrase;
import io.callscribe.models.hotwords.HotwordBiasCache;
import io.callscribe.models.hotwords.HotwordCompiler;
import io.callscribe.models.hotwords.HotwordLimits;
import io.callscribe.models.hotwords.HotwordSet;
import io.callscribe.models.hotwords.HotwordSetFiles;
import io.callscribe.models.vad.SegmenterConfig;
import io.callscribe.models.vad.SileroVad;
import io.callscribe.text.TranscriptNormalizer;
import io.callscribe.transcribe.ChannelSegmenter;
import io.callscribe.transcribe.ChannelTranscriber;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hot words on real calls with the tiny model: the tenant's products and the call's names (from
 * the corpus metadata, as a CRM sends them) turn misses into hits, and one tenant's phrases never
 * change another tenant's transcript, even in the same batch.
 */
class HotwordRecognitionTest {

    private static final EvalAudio PCM = new EvalAudio(ResamplerKind.SINC, TelephonyCondition.PCM);
    private static final String CALL = "0002f70f7386445b";
    private static final TranscriptNormalizer NORMALIZER = new TranscriptNormalizer();

    // segments of wide-apart lengths share a batch too, so the isolation test sees one batch
    private static final RecognizerConfig ONE_BATCH = new RecognizerConfig(1, 6.5, 8, 8, 10.0);

    private static MoonshineRecognizer recognizer;
    private static HotwordBiasCache cache;
    private static HotwordSet bank;
    private static HotwordSet callNames;

    @BeforeAll
    static void open() {
        recognizer = EvalData.recognizer("moonshine-tiny", ONE_BATCH);
        cache = new HotwordBiasCache(new HotwordCompiler(recognizer.vocabulary(), HotwordLimits.DEFAULTS), 4, 4);
        bank = HotwordSetFiles.read(Path.of("../config/hotwords/harper-valley.yaml"), HotwordLimits.DEFAULTS);
        List<String> names = HvbCallMetadata.forCall(EvalData.set("hvb-callcenter-dev"), CALL).orElseThrow().hotPhrases();
        assertEquals(List.of("Elizabeth", "Patricia Brown", "Patricia"), names);
        callNames = HotwordSet.call(CALL, names, HotPhrase.DEFAULT_BOOST, HotwordLimits.DEFAULTS);
    }

    @AfterAll
    static void close() {
        recognizer.close();
    }

    private static float[] segment(String name) {
        return PCM.load(EvalData.set("hvb-callcenter-dev").resolve("segments").resolve(name));
    }

    private static boolean says(Transcript t, String phrase) {
        return (" " + NORMALIZER.normalize(t.text()) + " ").contains(" " + NORMALIZER.normalize(phrase) + " ");
    }

    /** Each clip's phrase is missed by the recognizer alone and heard with the bias; the biased transcripts. */
    private static List<Transcript> missedAloneHeardBiased(MoonshineRecognizer r, DecodingBias bias, List<String> clipNames,
            List<String> phrases) {
        List<float[]> clips = clipNames.stream().map(name -> segment(CALL + name)).toList();
        List<Transcript> plain = r.recognizeAll(clips);
        List<Transcript> biased = r.recognizeAll(clips, Collections.nCopies(clips.size(), bias));
        for (int i = 0; i < clips.size(); i++) {
            assertFalse(says(plain.get(i), phrases.get(i)), plain.get(i).text());
            assertTrue(says(biased.get(i), phrases.get(i)), biased.get(i).text());
        }
        return biased;
    }

    @Test
    void theCallsNamesAndTheBanksProductsTurnMissesIntoHits() {
        // what tiny hears on its own: "patricia of brown", "debacle"
        List<Transcript> biased = missedAloneHeardBiased(recognizer, cache.biasFor(bank, callNames),
                List.of("_005_caller.wav", "_006_caller.wav"), List.of("patricia brown", "debit card"));
        assertTrue(biased.get(0).hotwords().contains("Patricia Brown"), biased.get(0).hotwords().toString());
        assertEquals(List.of("debit card"), biased.get(1).hotwords());
    }

    @Test
    void beamSearchFollowsTheBanksName() {
        try (MoonshineRecognizer beam = EvalData.recognizer("moonshine-tiny", RecognizerConfig.GREEDY.withBeamWidth(4))) {
            float[] clip = segment(CALL + "_001_agent.wav");
            Transcript plain = beam.recognize(clip);
            assertFalse(says(plain, "harper valley"), plain.text());
            Transcript biased = beam.recognize(clip, cache.biasFor(bank, null));
            assertTrue(says(biased, "harper valley national bank"), biased.text());
            assertEquals(List.of("Harper Valley", "Harper Valley National Bank"), biased.hotwords());
        }
    }

    @Test
    void greedySearchTriesAPhraseWhoseFirstTokenTheModelRanksLowerThanOneTokensBonusMakesUp() {
        try (MoonshineRecognizer base = EvalData.recognizer("moonshine-base", RecognizerConfig.GREEDY)) {
            HotwordBiasCache baseCache = new HotwordBiasCache(new HotwordCompiler(base.vocabulary(), HotwordLimits.DEFAULTS), 4, 4);
            // base hears "Carver Valley" ("Har" 2.7 nats below "Car") and "Demet con" ("Deb" 2.9 below "Dem"):
            // more than one token's bonus of 2.0, less than the whole phrase is worth
            missedAloneHeardBiased(base, baseCache.biasFor(bank, null), List.of("_001_agent.wav", "_010_caller.wav"),
                    List.of("harper valley national bank", "debit card"));
        }
    }

    @Test
    void oneTenantsHotWordsNeverChangeAnotherTenantsTranscript() {
        // tenant A is the bank; tenant B's call shares A's batch. B has its own, unrelated phrases.
        HotwordSet pharmacy = HotwordSet.tenant("pharmacy", 1,
                HotwordDistractors.first(200).stream().map(HotPhrase::of).toList(), HotwordLimits.DEFAULTS);
        List<float[]> clips = List.of(segment(CALL + "_006_caller.wav"), segment("0091a706bc604188_004_caller.wav"));
        List<Transcript> plain = recognizer.recognizeAll(clips);
        List<Transcript> onlyA = recognizer.recognizeAll(clips, List.of(cache.biasFor(bank, null), DecodingBias.NONE));
        List<Transcript> both = recognizer.recognizeAll(clips, List.of(cache.biasFor(bank, null), cache.biasFor(pharmacy, null)));
        assertTrue(says(onlyA.get(0), "debit card"), onlyA.get(0).text());
        assertEquals(plain.get(1).text(), onlyA.get(1).text());
        assertEquals(plain.get(1).words(), onlyA.get(1).words(), "not even a confidence moves");
        assertEquals(plain.get(1).text(), both.get(1).text(), "B's phrases bring nothing in, so they change nothing");
        assertEquals(List.of(), both.get(1).hotwords());
        assertEquals(onlyA.get(0).text(), both.get(0).text());
    }

    @Test
    void wholeChannelsSegmentedByTheVadHearTheCallsPhrasesWithTheBias() {
        List<EvalManifest.Entry> channels = EvalManifest.read(EvalData.set("hvb-callcenter-dev").resolve("calls_manifest.tsv")).stream()
                .filter(e -> e.callId().equals(CALL)).toList();
        assertEquals(2, channels.size(), "the call's agent and caller channels");
        List<List<String>> phrases = java.util.stream.Stream.concat(bank.phrases().stream(), callNames.phrases().stream())
                .map(p -> NORMALIZER.words(p.text())).toList();
        try (SileroVad vad = SileroVad.open(EvalData.model("silero-vad-v5"), MoonshineRecognizer.SAMPLE_RATE, EvalData.cpu())) {
            ChannelTranscriber transcriber = new ChannelTranscriber(new ChannelSegmenter(vad, SegmenterConfig.DEFAULT), recognizer);
            EvalRunner runner = new EvalRunner(recognizer, PCM);
            PhraseRecall plain = recall(runner.longForm(channels, transcriber, e -> DecodingBias.NONE, u -> { }), phrases);
            PhraseRecall biased = recall(runner.longForm(channels, transcriber, e -> cache.biasFor(bank, callNames), u -> { }), phrases);
            assertTrue(biased.recognized() > plain.recognized(), "with the bias " + biased + ", without " + plain);
        }
    }

    private static PhraseRecall recall(EvalResult result, List<List<String>> phrases) {
        return result.utterances().stream()
                .map(u -> PhraseRecall.of(NORMALIZER.words(u.reference()), NORMALIZER.words(u.hypothesis()), phrases))
                .reduce(PhraseRecall.ZERO, PhraseRecall::plus);
    }
}
