package io.callscribe.sql;

import io.callscribe.audio.AudioClip;
import io.callscribe.audio.AudioFiles;
import io.callscribe.audio.ResamplerKind;
import io.callscribe.audio.WavEncoding;
import io.callscribe.eval.EvalData;
import io.callscribe.eval.EvalManifest;
import io.callscribe.models.asr.MoonshineRecognizer;
import io.callscribe.models.asr.RecognizerConfig;
import io.callscribe.text.ErrorCounts;
import io.callscribe.text.WordErrorRate;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ML_PREDICT} with the {@code callscribe-onnx} model provider transcribes a table of HVB dev
 * segments (16 kHz WAV bytes, as the {@code review} topic carries them) exactly as the recognizer
 * does when called directly; a row of bytes that are not audio gets no text and a reason.
 */
class MlPredictTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(1).build());

    private static final String MODEL = "moonshine-tiny";
    private static final int SEGMENTS = 12;

    @TempDir
    Path work;

    @Test
    void mlPredictTranscribesATableOfSegments() throws Exception {
        List<EvalManifest.Entry> entries = EvalManifest.read(EvalData.set("hvb-callcenter-dev").resolve("manifest.tsv"))
                .subList(0, SEGMENTS);
        List<Row> rows = new ArrayList<>();
        Map<Integer, String> expected = new TreeMap<>();
        Map<Integer, String> references = new TreeMap<>();
        try (MoonshineRecognizer direct = EvalData.recognizer(MODEL, RecognizerConfig.GREEDY)) {
            for (int id = 0; id < entries.size(); id++) {
                AudioClip clip = AudioFiles.read(entries.get(id).audio());
                byte[] wav = AudioFiles.wavBytes(AudioClip.ofMono(clip.mono(), clip.sampleRate()).resampledTo(16000, ResamplerKind.SINC),
                        WavEncoding.PCM_16);
                rows.add(Row.of(id, wav));
                Path file = work.resolve(id + ".wav");
                Files.write(file, wav);
                expected.put(id, direct.recognize(AudioFiles.read(file).mono()).text());
                references.put(id, entries.get(id).reference());
            }
        }
        rows.add(Row.of(99, "not a wav file".getBytes(StandardCharsets.UTF_8)));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        StreamTableEnvironment tables = StreamTableEnvironment.create(env, EnvironmentSettings.inStreamingMode());
        Table segments = tables.fromValues(DataTypes.ROW(DataTypes.FIELD("id", DataTypes.INT()),
                DataTypes.FIELD("audio", DataTypes.BYTES())), rows);
        tables.createTemporaryView("segments", segments);
        tables.executeSql("CREATE MODEL speech INPUT (audio BYTES) OUTPUT (`text` STRING, confidence FLOAT, error STRING) WITH ("
                + "'provider' = 'callscribe-onnx', 'model' = '" + MODEL + "', 'execution-provider' = 'cpu', 'intra-op-threads' = '2', "
                + "'model-dir' = '" + EvalData.model(MODEL).dir().getParent() + "')").await();
        long begin = System.nanoTime();
        List<Row> out = SqlScript.finalRows(tables.executeSql(
                "SELECT id, `text`, confidence, error FROM ML_PREDICT(TABLE segments, MODEL speech, DESCRIPTOR(audio))"));
        double seconds = (System.nanoTime() - begin) / 1e9;

        Map<Integer, String> actual = new TreeMap<>();
        ErrorCounts wer = ErrorCounts.ZERO;
        Row bad = null;
        for (Row r : out) {
            int id = (Integer) r.getField(0);
            if (id == 99) {
                bad = r;
                continue;
            }
            actual.put(id, (String) r.getField(1));
            assertNotNull(r.getField(2), "confidence of " + r);
            assertNull(r.getField(3), "no error for " + r);
            wer = wer.plus(new WordErrorRate().score(references.get(id), (String) r.getField(1)));
        }
        System.out.printf("ML_PREDICT, %d HVB dev segments, %s: %s, %.1f s%n", SEGMENTS, MODEL, wer, seconds);
        assertEquals(expected, actual, "ML_PREDICT's text is the recognizer's, segment by segment");
        assertNotNull(bad, "the unreadable row is in the result");
        assertNull(bad.getField(1));
        assertTrue(((String) bad.getField(3)).contains("not a WAV file"), bad.toString());
        assertTrue(wer.wer() < 0.5, "tiny on oracle segments is near 29 % (README): " + wer);
    }
}
