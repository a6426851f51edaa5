package io.callscribe.local;

import io.callscribe.contract.CallSummary;
import io.callscribe.contract.Codec;
import io.callscribe.job.JobOptions;
import io.callscribe.job.KafkaPipeline;
import io.callscribe.kafka.DefaultTopics;
import io.callscribe.kafka.EmbeddedKafka;
import io.callscribe.kafka.TopicSpec;
import io.callscribe.replay.CallReplayer;
import io.callscribe.replay.Impairments;
import io.callscribe.replay.KafkaReplaySink;
import io.callscribe.replay.Pacing;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Everything on one machine: an in-process Kafka broker on 127.0.0.1 (or a real cluster), the job on
 * a local Flink mini-cluster with RocksDB and checkpoints, a call replayed into {@code call-audio}
 * as RTP-like frames, and the transcripts printed live, then a summary per leg.
 */
public final class LocalMode {

    /** The tenant of the replayed call. */
    private static final String TENANT = "demo";

    /** What to play and how. */
    public record Plan(List<Path> input, String bootstrapServers, Codec codec, Impairments impairments, Pacing pacing) {}

    private LocalMode() {}

    public static int run(Plan plan, Configuration conf, PrintWriter out, boolean terminal) throws Exception {
        Path work = Files.createTempDirectory("callscribe-local");
        EmbeddedKafka kafka = plan.bootstrapServers() == null ? EmbeddedKafka.start() : null;
        try {
            String bootstrap = kafka != null ? kafka.bootstrapServers() : plan.bootstrapServers();
            if (kafka != null) {
                kafka.createTopics(TopicSpec.of(DefaultTopics.CALL_AUDIO, 2), TopicSpec.of(DefaultTopics.CALL_EVENTS, 1),
                        TopicSpec.of(DefaultTopics.TRANSCRIPTS, 1), TopicSpec.of(DefaultTopics.REVIEW, 1),
                        TopicSpec.of(DefaultTopics.CALL_SUMMARIES, 1), TopicSpec.of(DefaultTopics.DEAD_LETTERS, 1),
                        TopicSpec.of(DefaultTopics.HOTWORDS, 1).asCompacted());
                out.println("Kafka broker (in-process, KRaft) on " + bootstrap);
            }
            conf.set(JobOptions.BOOTSTRAP_SERVERS, bootstrap);
            conf.set(JobOptions.GROUP_ID, "callscribe-local-" + UUID.randomUUID().toString().substring(0, 8));
            conf.set(JobOptions.STARTING_OFFSETS, "latest");
            if (conf.getOptional(JobOptions.HOTWORDS_DIR).isEmpty() && Files.isDirectory(Path.of("config", "hotwords"))) {
                conf.set(JobOptions.HOTWORDS_DIR, Path.of("config", "hotwords").toString()); // the repository's example sets
            }
            conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(2));
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, work.resolve("checkpoints").toUri().toString());

            CallReplayer.Builder call = CallReplayer.builder().tenant(TENANT).callId("call-" + UUID.randomUUID().toString().substring(0, 8))
                    .codec(plan.codec()).impairments(plan.impairments()).pacing(plan.pacing());
            List<Path> input = plan.input().isEmpty() ? List.of(sampleCall(work)) : plan.input();
            if (input.size() == 1) {
                call.stereo(input.get(0));
            } else {
                call.legs(input.get(0), input.get(1));
            }
            CallReplayer replayer = call.build();

            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
            env.setParallelism(1);
            KafkaPipeline.define(env, conf);
            JobClient job = env.executeAsync("callscribe local");
            out.printf(Locale.ROOT, "Job started (%s, RocksDB, checkpoints every 2 s). Replaying %s: %.0f s, %s%s%n",
                    conf.get(JobOptions.RECOGNIZER), input, replayer.duration().toMillis() / 1000.0, plan.codec(),
                    plan.pacing() == Pacing.REAL_TIME ? ", real time" : ", as fast as possible");
            out.flush();
            try (TranscriptConsole console = new TranscriptConsole(bootstrap, KafkaPipeline.outputTopic(conf, JobOptions.TOPIC_TRANSCRIPTS, TENANT),
                    KafkaPipeline.outputTopic(conf, JobOptions.TOPIC_REVIEW, TENANT),
                    KafkaPipeline.outputTopic(conf, JobOptions.TOPIC_SUMMARIES, TENANT), out, terminal);
                 KafkaReplaySink sink = new KafkaReplaySink(bootstrap, conf.get(JobOptions.TOPIC_AUDIO), conf.get(JobOptions.TOPIC_EVENTS))) {
                Thread consoleThread = new Thread(console, "callscribe-console");
                consoleThread.setDaemon(true);
                consoleThread.start();
                // the source starts at 'latest': give it a moment to take its position before the call begins
                Thread.sleep(3000);
                replayer.replay(sink);
                long deadline = System.currentTimeMillis() + 120_000 + replayer.duration().toMillis();
                while (console.summaries().size() < 2 && System.currentTimeMillis() < deadline) {
                    Thread.sleep(200);
                }
                printSummaries(console.summaries(), out);
            } finally {
                job.cancel().get();
            }
            return 0;
        } finally {
            if (kafka != null) {
                kafka.close();
            }
        }
    }

    private static void printSummaries(List<CallSummary> summaries, PrintWriter out) {
        out.println();
        out.println("Call summary");
        out.printf("%-9s %9s %9s %11s %7s %s%n", "leg", "talk s", "segments", "confidence", "review", "text");
        for (CallSummary s : summaries) {
            out.printf(Locale.ROOT, "%-9s %9.1f %9d %11.2f %7d %s%n", s.leg().wireName(), s.talkTimeMs() / 1000.0, s.segments(),
                    s.meanConfidence(), s.reviewCount(), s.text());
        }
        if (summaries.size() < 2) {
            out.println("(not every leg's summary arrived in time)");
        }
        out.flush();
    }

    /** The bundled sample call (see tools/make-sample-call.sh), copied out of the jar. */
    private static Path sampleCall(Path work) throws Exception {
        Path file = work.resolve("sample-call.wav");
        try (InputStream in = LocalMode.class.getResourceAsStream("/io/callscribe/sample/sample-call.wav")) {
            if (in == null) {
                throw new IllegalStateException("the bundled sample call is missing from the jar");
            }
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }
}
