package io.callscribe.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.callscribe.audio.AudioClip;
import io.callscribe.audio.AudioFiles;
import io.callscribe.contract.CallSummary;
import io.callscribe.contract.DeadLetter;
import io.callscribe.contract.Leg;
import io.callscribe.contract.TranscriptSegment;
import io.callscribe.eval.EvalData;
import io.callscribe.eval.EvalManifest;
import io.callscribe.text.ErrorCounts;
import io.callscribe.text.WordErrorRate;
import io.callscribe.transcribe.Recording;
import io.callscribe.transcribe.RecordingFinder;
import io.callscribe.transcribe.RecordingReader;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Recorded calls through the job's operators in BATCH execution mode give the same finals as the
 * same recordings through the same operators in STREAMING mode: same segments, same text.
 */
class BatchTranscriptionTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final String MODEL = "moonshine-tiny";

    @TempDir
    Path recordings;

    @Test
    void batchModeGivesTheStreamingJobsFinalsOnTheSameRecordings() throws Exception {
        List<String> calls = PipelineTestCalls.CALLS.subList(0, 2);
        for (String call : calls) {
            stereo(call, recordings.resolve(call + ".wav"));
        }
        // one leg alone, as a mono recording: one summary, no empty second leg
        Files.createDirectories(recordings.resolve("mono"));
        AudioFiles.writeWav(recordings.resolve("mono").resolve(calls.get(0) + ".wav"),
                AudioFiles.read(PipelineTestCalls.channel(calls.get(0), "caller")));
        Files.writeString(recordings.resolve("broken.wav"), "RIFF but not audio");
        List<Recording> found = RecordingFinder.find(List.of(recordings));

        long t0 = System.nanoTime();
        Output streaming = run(found, false);
        long t1 = System.nanoTime();
        Output batch = run(found, true);
        long t2 = System.nanoTime();

        Map<String, String> references = references();
        ErrorCounts streamingWer = wer(streaming, references);
        ErrorCounts batchWer = wer(batch, references);
        System.out.printf("recorded calls %s, %s: STREAMING %d finals, WER %s, %.1f s; BATCH %d finals, WER %s, %.1f s%n", calls,
                MODEL, streaming.finals.size(), streamingWer, (t1 - t0) / 1e9, batch.finals.size(), batchWer, (t2 - t1) / 1e9);

        assertFalse(streaming.finals.isEmpty());
        assertEquals(streaming.finals, batch.finals, "final text by segment ID");
        assertEquals(streaming.summaries, batch.summaries, "summary text by leg");
        assertEquals(5, batch.summaries.size(), "two stereo calls of two legs, one mono call of one leg: " + batch.summaries.keySet());
        assertTrue(batch.summaries.containsKey("mono/" + calls.get(0) + "/customer"), "the mono call is the customer leg");
        assertEquals(streamingWer, batchWer);
        assertEquals(List.of(RecordingReader.UNREADABLE), batch.deadLetters, "the broken file is a dead letter in both modes");
        assertEquals(streaming.deadLetters, batch.deadLetters);
    }

    private record Output(Map<String, String> finals, Map<String, String> summaries, List<String> deadLetters) {}

    private static Output run(List<Recording> recordings, boolean batchMode) throws Exception {
        Configuration conf = TranscriptionPipelineTest.jobConfig();
        conf.set(JobOptions.RECOGNIZER, MODEL);
        conf.set(JobOptions.MODEL_DIR, EvalData.model(MODEL).dir().getParent().toString());
        conf.set(JobOptions.PARTIAL_INTERVAL, Duration.ZERO); // an archive needs no partials, and they do not touch finals
        // The recognizer batches segments of similar length that happen to be queued together, and the int8
        // model quantizes per batch, so which segments share a call (timing) can change a word. One segment per
        // call makes both runs deterministic; segmentation is identical either way.
        conf.set(JobOptions.MAX_BATCH, 1);
        if (batchMode) {
            BatchTranscription.useBatchMode(conf);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        TranscriptionPipeline.Outputs out = BatchTranscription.build(env, recordings, "archive", Leg.CUSTOMER, conf);
        ObjectMapper json = new ObjectMapper();
        DataStream<String> all = out.transcripts().map(s -> "t|" + json.writeValueAsString(s), TypeInformation.of(String.class))
                .union(out.summaries().map(s -> "s|" + json.writeValueAsString(s), TypeInformation.of(String.class)),
                        out.deadLetters().map(d -> "d|" + json.writeValueAsString(d), TypeInformation.of(String.class)));
        Output o = new Output(new TreeMap<>(), new TreeMap<>(), new ArrayList<>());
        all.executeAndCollect(batchMode ? "batch" : "streaming").forEachRemaining(line -> {
            try {
                String body = line.substring(2);
                switch (line.charAt(0)) {
                    case 't' -> {
                        TranscriptSegment s = json.readValue(body, TranscriptSegment.class);
                        if (s.isFinal() && o.finals.put(s.segmentId(), s.text()) != null) {
                            throw new AssertionError("two finals for " + s.segmentId());
                        }
                    }
                    case 's' -> {
                        CallSummary s = json.readValue(body, CallSummary.class);
                        o.summaries.put(s.callId() + "/" + s.leg().wireName(), s.text());
                    }
                    default -> o.deadLetters.add(json.readValue(body, DeadLetter.class).reason());
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return o;
    }

    /** A stereo recording of an HVB dev call: agent left, caller right, the shorter channel padded with silence. */
    private static void stereo(String call, Path file) throws Exception {
        float[] agent = AudioFiles.read(PipelineTestCalls.channel(call, "agent")).mono();
        float[] caller = AudioFiles.read(PipelineTestCalls.channel(call, "caller")).mono();
        int n = Math.max(agent.length, caller.length);
        AudioFiles.writeWav(file, new AudioClip(new float[][] {Arrays.copyOf(agent, n), Arrays.copyOf(caller, n)}, 8000));
    }

    private static Map<String, String> references() {
        Map<String, String> references = new HashMap<>();
        for (EvalManifest.Entry e : EvalManifest.read(EvalData.set("hvb-callcenter-dev").resolve("calls_manifest.tsv"))) {
            String role = e.audio().getParent().getFileName().toString();
            references.put(e.callId() + "/" + Leg.fromWire(role).wireName(), e.reference());
        }
        return references;
    }

    private static ErrorCounts wer(Output out, Map<String, String> references) {
        ErrorCounts pooled = ErrorCounts.ZERO;
        for (Map.Entry<String, String> leg : out.summaries.entrySet()) {
            if (leg.getKey().startsWith("mono/")) {
                continue;
            }
            pooled = pooled.plus(new WordErrorRate().score(references.get(leg.getKey()), leg.getValue()));
        }
        return pooled;
    }
}
