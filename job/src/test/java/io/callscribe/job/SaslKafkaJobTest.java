package io.callscribe.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.callscribe.audio.AudioClip;
import io.callscribe.audio.AudioFiles;
import io.callscribe.contract.Codec;
import io.callscribe.contract.Leg;
import io.callscribe.contract.TranscriptSegment;
import io.callscribe.contract.WordTiming;
import io.callscribe.eval.EvalData;
import io.callscribe.kafka.DefaultTopics;
import io.callscribe.kafka.EmbeddedKafka;
import io.callscribe.kafka.TopicSpec;
import io.callscribe.pii.SplicedNumberLeg;
import io.callscribe.pii.SpokenNumbersRedactionTest;
import io.callscribe.replay.CallReplayer;
import io.callscribe.replay.Impairments;
import io.callscribe.replay.KafkaReplaySink;
import io.callscribe.replay.Pacing;
import io.callscribe.text.NumberWords;
import io.callscribe.text.pii.PiiPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.logging.log4j.Level;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job ({@link KafkaPipeline} on a mini-cluster) against a broker that requires SASL/PLAIN, its
 * credentials given only as {@code kafka.properties.*}: with the right password a call is
 * transcribed, with a wrong one the job fails on authentication and reads and writes nothing. All
 * log output of both runs (Kafka and Flink at INFO) is scanned for the passwords and for the
 * call's spoken card and phone numbers.
 */
class SaslKafkaJobTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final String MODEL = "moonshine-tiny";
    private static final String TENANT = "harper-valley";
    private static final String JOB_USER = "callscribe-job";
    private static final String JOB_PASSWORD = "job-pw-Xq7vR2mK9tLw";
    private static final String WRONG_PASSWORD = "job-pw-Nz4bH8sYc3Fd";
    /** The test's own producer and reader log in as a second user. */
    private static final String HARNESS_USER = "gateway";
    private static final String HARNESS_PASSWORD = "gateway-pw-Jd5uE1pWq8Zr";
    /** Bounds every wait on the job: the call takes ~30 s of this machine's time with tiny. */
    private static final Duration JOB_BUDGET = Duration.ofSeconds(150);
    /** A wrong password fails the first metadata request of the source's enumerator: seconds. */
    private static final Duration FAILURE_BUDGET = Duration.ofSeconds(60);
    /** The job logs this at INFO when its recognition operator opens: proof that INFO lines are captured. */
    private static final String KNOWN_INFO_LINE = "Inference executor started";
    /** Each Kafka client lists its settings at INFO, the login among them, masked: the line a password would be in. */
    private static final String MASKED_LOGIN = "sasl.jaas.config = [hidden]";

    private static EmbeddedKafka kafka;

    @TempDir
    Path checkpoints;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.builder().saslPlainUser(JOB_USER, JOB_PASSWORD).saslPlainUser(HARNESS_USER, HARNESS_PASSWORD).start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    /**
     * The agent's greeting and a customer leg with spliced card and phone numbers, under the TAG
     * policy: the numbers then travel unredacted through every operator up to the sinks (the
     * most a log line could catch) and the finals show what the recognizer made of them.
     */
    @Test
    void withTheRightPasswordACallIsTranscribedAndNoSecretOrSpokenNumberIsLogged() throws Exception {
        Topics topics = Topics.create("sasl-ok");
        SplicedNumberLeg customer = SpokenNumbersRedactionTest.leg();
        CommittedOutputs out;
        List<LogCapture.Line> logs;
        long begin = System.nanoTime();
        try (LogCapture capture = LogCapture.atInfo()) {
            produceCall(topics, customer.clip());
            Configuration conf = jobConfig(topics, JOB_PASSWORD);
            conf.set(JobOptions.PII_POLICY, PiiPolicy.TAG);
            try (CommittedOutputs output = outputs(topics)) {
                out = output;
                JobClient job = startJob(conf);
                try {
                    output.pollUntil(o -> o.summaries.size() >= 2, job, begin + JOB_BUDGET.toNanos(), "both legs' summaries");
                    output.pollFor(Duration.ofSeconds(2)); // the sinks commit one after another on a checkpoint
                } finally {
                    job.cancel().get(30, TimeUnit.SECONDS);
                }
            }
            logs = capture.lines();
        }

        List<List<String>> piiSpans = piiSpans(out.finals);
        System.out.printf(Locale.ROOT, "SASL job: %d finals, %d summaries, PII spans as recognized %s; %d log lines scanned, %.1f s%n",
                out.finals.size(), out.summaries.size(), piiSpans, logs.size(), (System.nanoTime() - begin) / 1e9);
        assertEquals(2, out.summaries.size(), out.summaries.toString());
        for (Leg leg : Leg.values()) {
            assertTrue(out.finals.stream().anyMatch(f -> f.leg() == leg && !f.text().isBlank()), "a final of the " + leg.wireName());
        }
        // the recognizer heard the numbers, or the scan below proves nothing about them
        assertTrue(piiSpans.size() >= 3, "PII spans in the finals: " + piiSpans);

        assertTrue(logs.stream().anyMatch(l -> l.text().startsWith(KNOWN_INFO_LINE)),
                "the job's INFO line '" + KNOWN_INFO_LINE + "' was captured among " + logs.size() + " lines");
        assertClientSettingsCaptured(logs, topics);
        assertNotLogged(logs, JOB_PASSWORD, HARNESS_PASSWORD);
        for (LogCapture.Line line : logs) {
            String normalized = normalized(line.text());
            String digits = digitsJoined(line.text());
            for (SplicedNumberLeg.SpokenNumber number : customer.numbers()) {
                for (int i = 0; i + 10 <= number.digits().length(); i++) {
                    String window = number.digits().substring(i, i + 10);
                    assertFalse(digits.contains(window), "digits of " + number.digits() + " logged: " + line);
                }
            }
            for (List<String> span : piiSpans) {
                String phrase = normalized(String.join(" ", span));
                assertFalse(span.size() >= 2 && normalized.contains(" " + phrase + " "), "a number as recognized logged: " + line);
            }
            assertTrue(longestDigitWordRun(line.text()) < 3, "digits said as words logged: " + line);
        }
    }

    @Test
    void withAWrongPasswordTheJobFailsOnAuthenticationAndNothingIsReadOrWritten() throws Exception {
        Topics topics = Topics.create("sasl-wrong");
        Throwable failure;
        List<LogCapture.Line> logs;
        try (LogCapture capture = LogCapture.atInfo()) {
            produceCall(topics, agentGreeting());
            JobClient job = startJob(jobConfig(topics, WRONG_PASSWORD));
            failure = awaitFailure(job);
            logs = capture.lines();
        }
        assertTrue(causes(failure).stream().anyMatch(t -> t.toString().contains("SaslAuthenticationException")),
                "an authentication error: " + causes(failure));
        try (Admin admin = Admin.create(harnessSettings())) {
            assertEquals(Map.of(), admin.listConsumerGroupOffsets(topics.group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS),
                    "no input offsets committed");
        }
        try (CommittedOutputs output = outputs(topics)) {
            assertEquals(0, output.endOffsetSum(), "nothing written to the output topics");
        }
        assertClientSettingsCaptured(logs, topics);
        assertNotLogged(logs, WRONG_PASSWORD, JOB_PASSWORD, HARNESS_PASSWORD);
    }

    // ---- the job ----

    private Configuration jobConfig(Topics topics, String password) {
        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(1));
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        // A failure should fail the test with its cause, not restart into the same failure until the wait runs out.
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        conf.set(JobOptions.RECOGNIZER, MODEL);
        conf.set(JobOptions.PROVIDER, "cpu");
        conf.set(JobOptions.MODEL_DIR, EvalData.model(MODEL).dir().getParent().toString());
        conf.set(JobOptions.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        conf.set(JobOptions.STARTING_OFFSETS, "earliest");
        conf.set(JobOptions.GROUP_ID, topics.group);
        conf.set(JobOptions.TOPIC_AUDIO, topics.audio);
        conf.set(JobOptions.TOPIC_EVENTS, topics.events);
        conf.set(JobOptions.TOPIC_TRANSCRIPTS, topics.transcripts);
        conf.set(JobOptions.TOPIC_REVIEW, topics.review);
        conf.set(JobOptions.TOPIC_SUMMARIES, topics.summaries);
        conf.set(JobOptions.TOPIC_DEAD_LETTERS, topics.deadLetters);
        EmbeddedKafka.saslPlainClientSettings(JOB_USER, password)
                .forEach((key, value) -> conf.setString(KafkaPipeline.KAFKA_PROPERTIES_PREFIX + key, value));
        return conf;
    }

    private static JobClient startJob(Configuration conf) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        KafkaPipeline.define(env, conf);
        return env.executeAsync("SASL job test");
    }

    /** The job's failure once it has stopped by itself. */
    private static Throwable awaitFailure(JobClient job) throws Exception {
        try {
            job.getJobExecutionResult().get(FAILURE_BUDGET.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            JobStatus status = job.getJobStatus().get(10, TimeUnit.SECONDS);
            job.cancel().get(30, TimeUnit.SECONDS);
            fail("with a wrong password the job was still " + status + " after " + FAILURE_BUDGET);
        }
        return fail("with a wrong password the job finished");
    }

    private static List<Throwable> causes(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    // ---- input ----

    private static AudioClip agentGreeting() throws Exception {
        AudioClip call = AudioFiles.read(EvalData.set("hvb-callcenter-dev").resolve("calls/agent/010eaccb7a23436f.wav"));
        return AudioClip.ofMono(Arrays.copyOf(call.mono(), 12 * call.sampleRate()), call.sampleRate());
    }

    /** The agent's greeting and the given customer leg, as mu-law frames, all in Kafka before the job starts. */
    private static void produceCall(Topics topics, AudioClip customer) throws Exception {
        CallReplayer replayer = CallReplayer.builder().tenant(TENANT).callId(topics.group + "-call").legs(agentGreeting(), customer)
                .codec(Codec.PCMU).impairments(Impairments.NONE).seed(3).pacing(Pacing.AS_FAST_AS_POSSIBLE).build();
        try (KafkaReplaySink gateway = new KafkaReplaySink(KafkaReplaySink.gatewayProducer(kafka.bootstrapServers(),
                topics.group + "-gateway", EmbeddedKafka.saslPlainClientSettings(HARNESS_USER, HARNESS_PASSWORD)),
                topics.audio, topics.events)) {
            replayer.replay(gateway);
        }
    }

    private static Map<String, Object> harnessSettings() {
        Map<String, Object> settings = new HashMap<>(EmbeddedKafka.saslPlainClientSettings(HARNESS_USER, HARNESS_PASSWORD));
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return settings;
    }

    /** One run's topics and consumer group, apart from the other run's. */
    private record Topics(String group, String audio, String events, String transcripts, String review, String summaries,
            String deadLetters) {

        static Topics create(String run) {
            Topics t = new Topics(run, run + "-call-audio", run + "-call-events", run + "-transcripts", run + "-review",
                    run + "-call-summaries", run + "-dead-letters");
            kafka.createTopics(TopicSpec.of(t.audio, 2), TopicSpec.of(t.events, 1), TopicSpec.of(t.transcripts, 1),
                    TopicSpec.of(t.review, 1), TopicSpec.of(t.summaries, 1), TopicSpec.of(t.deadLetters, 1));
            return t;
        }

    }

    /** The run's output topics as a read_committed consumer (the harness user) sees them, from the beginning. */
    private static CommittedOutputs outputs(Topics topics) {
        return new CommittedOutputs(kafka.bootstrapServers(), harnessSettings(), Map.of(topics.transcripts, DefaultTopics.TRANSCRIPTS,
                topics.review, DefaultTopics.REVIEW, topics.summaries, DefaultTopics.CALL_SUMMARIES,
                topics.deadLetters, DefaultTopics.DEAD_LETTERS), CommittedOutputs.DeadLetters.KEPT);
    }

    // ---- the log scan ----

    /** The job's first Kafka client, the input source's admin client, listed its settings at INFO, its login masked. */
    private static void assertClientSettingsCaptured(List<LogCapture.Line> logs, Topics topics) {
        String adminClient = "client.id = " + topics.group + "-enumerator-admin-client";
        assertTrue(logs.stream().anyMatch(l -> l.level() == Level.INFO && l.text().contains(adminClient) && l.text().contains(MASKED_LOGIN)),
                "the settings of the job's admin client, its login masked, among " + logs.size() + " captured lines");
    }

    private static void assertNotLogged(List<LogCapture.Line> logs, String... secrets) {
        for (LogCapture.Line line : logs) {
            for (String secret : secrets) {
                assertFalse(line.text().contains(secret), "a password in the log: " + line.logger() + " " + line.level());
            }
        }
    }

    /** Each final's runs of PII-tagged words, as the recognizer wrote them. */
    private static List<List<String>> piiSpans(List<TranscriptSegment> finals) {
        List<List<String>> spans = new ArrayList<>();
        for (TranscriptSegment s : finals) {
            List<String> span = new ArrayList<>();
            for (WordTiming w : s.words()) {
                if (w.pii() != null) {
                    span.add(w.text());
                } else if (!span.isEmpty()) {
                    spans.add(span);
                    span = new ArrayList<>();
                }
            }
            if (!span.isEmpty()) {
                spans.add(span);
            }
        }
        return spans;
    }

    /** Lower case, words separated by single spaces, padded with one at each end. */
    private static String normalized(String text) {
        return " " + text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ").strip() + " ";
    }

    /** Digit groups with the separators a transcript writes between them removed: "4556 7375-8689" is "455673758689". */
    private static String digitsJoined(String text) {
        return text.replaceAll("(?<=\\d)[ .\\-/]+(?=\\d)", "");
    }

    /** The most digit words ("five", "zero") in a row. */
    private static int longestDigitWordRun(String text) {
        int longest = 0;
        int run = 0;
        for (String token : text.toLowerCase(Locale.ROOT).split("[^a-z]+")) {
            int value = NumberWords.valueOfWord(token);
            run = value >= 0 && value <= 9 ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }
}
