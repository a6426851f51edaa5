package io.callscribe.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.callscribe.contract.CallInput;
import io.callscribe.contract.CallSummary;
import io.callscribe.contract.TranscriptSegment;
import io.callscribe.contract.WordTiming;
import io.callscribe.eval.EvalData;
import io.callscribe.eval.EvalManifest;
import io.callscribe.replay.Impairments;
import io.callscribe.text.ErrorCounts;
import io.callscribe.text.WordErrorRate;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole dataflow on a mini-cluster with RocksDB and the real models, fed the HVB dev calls. */
class TranscriptionPipelineTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    /** Base, not tiny: tiny's greedy output on 369 words moves by 3 points with any change of padding. */
    static final String MODEL = "moonshine-base";
    /** The model layer's long-form WER with base, greedy, on the clean channels (README, eval --long-form). */
    static final double EVAL_LONG_FORM_WER = 0.2087;

    static Configuration jobConfig() {
        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        conf.set(JobOptions.RECOGNIZER, MODEL);
        conf.set(JobOptions.PROVIDER, "cpu");
        conf.set(JobOptions.MODEL_DIR, EvalData.model(MODEL).dir().getParent().toString());
        return conf;
    }

    /** Runs the pipeline over bounded input; returns each output as JSON lines tagged by stream. */
    static Map<String, List<String>> run(List<CallInput> inputs, Configuration conf) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        TranscriptionPipeline.Outputs out = TranscriptionPipeline.build(env.fromData(inputs, TypeInformation.of(CallInput.class)), conf);
        DataStream<String> all = tag(out.transcripts(), "transcripts").union(tag(out.review(), "review"),
                tag(out.summaries(), "summaries"), tag(out.deadLetters(), "dead-letters"));
        Map<String, List<String>> byStream = new HashMap<>();
        all.executeAndCollect("pipeline test").forEachRemaining(line -> {
            int cut = line.indexOf('|');
            byStream.computeIfAbsent(line.substring(0, cut), k -> new ArrayList<>()).add(line.substring(cut + 1));
        });
        return byStream;
    }

    private static <T> DataStream<String> tag(DataStream<T> stream, String name) {
        return stream.map(value -> name + "|" + new ObjectMapper().writeValueAsString(value), TypeInformation.of(String.class));
    }

    static <T> List<T> parse(List<String> lines, Class<T> type) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<T> out = new ArrayList<>();
        for (String line : lines == null ? List.<String>of() : lines) {
            out.add(json.readValue(line, type));
        }
        return out;
    }

    @Test
    void hvbDevCallsAsImpairedMuLawFramesAreTranscribedNearTheModelLayersLongFormWer() throws Exception {
        List<CallInput> inputs = PipelineTestCalls.inputs(PipelineTestCalls.CALLS, new Impairments(0.02, 0.01, 40), true);
        long t0 = System.nanoTime();
        Map<String, List<String>> out = run(inputs, jobConfig());
        double seconds = (System.nanoTime() - t0) / 1e9;

        List<CallSummary> summaries = parse(out.get("summaries"), CallSummary.class);
        List<TranscriptSegment> segments = parse(out.get("transcripts"), TranscriptSegment.class);
        assertEquals(8, summaries.size(), "one summary per leg: " + summaries);
        assertTrue(summaries.stream().allMatch(s -> "event".equals(s.endedBy())));
        assertTrue(segments.stream().anyMatch(s -> !s.isFinal()), "partials expected");
        Map<String, Long> finalsPerId = new HashMap<>();
        segments.stream().filter(TranscriptSegment::isFinal).forEach(s -> finalsPerId.merge(s.segmentId(), 1L, Long::sum));
        assertTrue(finalsPerId.values().stream().allMatch(n -> n == 1), "each final exactly once: " + finalsPerId);

        Map<String, String> references = new HashMap<>();
        for (EvalManifest.Entry e : EvalManifest.read(EvalData.set("hvb-callcenter-dev").resolve("calls_manifest.tsv"))) {
            String role = e.audio().getParent().getFileName().toString();
            references.put(e.callId() + "/" + ("caller".equals(role) ? "customer" : role), e.reference());
        }
        WordErrorRate wer = new WordErrorRate();
        ErrorCounts pooled = ErrorCounts.ZERO;
        for (CallSummary s : summaries) {
            pooled = pooled.plus(wer.score(references.get(s.callId() + "/" + s.leg().wireName()), s.text()));
        }
        // The calls hold no card, phone or social-security numbers: every redacted word is a false positive.
        List<WordTiming> finalWords = segments.stream().filter(TranscriptSegment::isFinal).flatMap(s -> s.words().stream()).toList();
        List<WordTiming> redacted = finalWords.stream().filter(w -> w.pii() != null).toList();
        System.out.printf("job on 4 HVB dev calls (mu-law, 2%% loss, 1%% duplicates, 40 ms jitter), %s: %s, "
                + "%d finals, %d partials, %d review items, %d dead letters, %d of %d final words PII-redacted %s, %.1f s wall%n", MODEL,
                pooled, finalsPerId.size(), segments.stream().filter(s -> !s.isFinal()).count(),
                out.getOrDefault("review", List.of()).size(), out.getOrDefault("dead-letters", List.of()).size(), redacted.size(),
                finalWords.size(), redacted, seconds);
        assertTrue(Math.abs(pooled.wer() - EVAL_LONG_FORM_WER) <= 0.02, "job WER " + pooled + " vs model layer " + EVAL_LONG_FORM_WER);
        assertTrue(redacted.size() <= finalWords.size() / 100, "PII redaction took ordinary words: " + redacted);
    }
}
