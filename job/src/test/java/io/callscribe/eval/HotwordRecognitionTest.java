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
import io.callscribe.text.TranscriptNormalizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
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

    @Test
    void theCallsNamesAndTheBanksProductsTurnMissesIntoHits() {
        List<float[]> clips = List.of(segment(CALL + "_005_caller.wav"), segment(CALL + "_006_caller.wav"));
        List<Transcript> plain = recognizer.recognizeAll(clips);
        // what tiny hears on its own: "patricia of brown", "debacle"
        assertFalse(says(plain.get(0), "patricia brown"), plain.get(0).text());
        assertFalse(says(plain.get(1), "debit card"), plain.get(1).text());

        DecodingBias bias = cache.biasFor(bank, callNames);
        List<Transcript> biased = recognizer.recognizeAll(clips, List.of(bias, bias));
        assertTrue(says(biased.get(0), "patricia brown"), biased.get(0).text());
        assertTrue(biased.get(0).hotwords().contains("Patricia Brown"), biased.get(0).hotwords().toString());
        assertTrue(says(biased.get(1), "debit card"), biased.get(1).text());
        assertEquals(List.of("debit card"), biased.get(1).hotwords());
        assertEquals(List.of(), plain.get(1).hotwords());
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
}
