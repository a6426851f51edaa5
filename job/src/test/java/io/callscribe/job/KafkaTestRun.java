package io.callscribe.job;

import static org.junit.jupiter.api.Assertions.fail;

import io.callscribe.eval.EvalData;
import io.callscribe.kafka.DefaultTopics;
import io.callscribe.kafka.EmbeddedKafka;
import io.callscribe.kafka.TopicSpec;
import io.callscribe.replay.KafkaReplaySink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * One run of {@link KafkaPipeline} on a shared in-process broker with topics of its own
 * ({@code <name>.<default topic>}), its own consumer group and transactional-ID prefix, so that the
 * runs of one test class never see each other's records. The jobs of one run (a job and the one
 * restored from its savepoint or checkpoint) share all three: the restored job must take over, and
 * abort, the transactions its predecessor left open.
 */
final class KafkaTestRun {

    private final EmbeddedKafka kafka;
    private final String name;
    /** Bounds each wait on a job. */
    private final Duration jobBudget;

    /** Creates the run's topics: audio in two partitions, as calls are keyed over several. */
    KafkaTestRun(EmbeddedKafka kafka, String name, Duration jobBudget) {
        this.kafka = kafka;
        this.name = name;
        this.jobBudget = jobBudget;
        kafka.createTopics(TopicSpec.of(topic(DefaultTopics.CALL_AUDIO), 2), TopicSpec.of(topic(DefaultTopics.CALL_EVENTS), 1),
                TopicSpec.of(topic(DefaultTopics.TRANSCRIPTS), 1), TopicSpec.of(topic(DefaultTopics.REVIEW), 1),
                TopicSpec.of(topic(DefaultTopics.CALL_SUMMARIES), 1), TopicSpec.of(topic(DefaultTopics.DEAD_LETTERS), 1));
    }

    String topic(String defaultName) {
        return name + "." + defaultName;
    }

    private String groupId() {
        return "test-run-" + name;
    }

    /**
     * The production defaults (RocksDB, incremental checkpoints) with checkpoints every second to
     * {@code checkpoints}, no restarts, on the CPU, over the run's topics from their start.
     *
     * @param maxBatch most segments per model call; 1 makes recognition repeatable, as batching
     *     decides which clips share a model call and the int8 model quantizes over the batch
     */
    Configuration jobConfig(String model, int maxBatch, Path checkpoints) {
        Configuration conf = JobConfiguration.defaults();
        conf.set(JobOptions.RECOGNIZER, model);
        conf.set(JobOptions.PROVIDER, "cpu");
        conf.set(JobOptions.MODEL_DIR, EvalData.model(model).dir().getParent().toString());
        conf.set(JobOptions.MAX_BATCH, maxBatch);
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(1));
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        // A failure should fail the test with its cause, not restart into the same failure until the wait runs out.
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        conf.set(JobOptions.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        conf.set(JobOptions.STARTING_OFFSETS, "earliest");
        // Also the sinks' transactional-ID prefix.
        conf.set(JobOptions.GROUP_ID, groupId());
        conf.set(JobOptions.TOPIC_AUDIO, topic(DefaultTopics.CALL_AUDIO));
        conf.set(JobOptions.TOPIC_EVENTS, topic(DefaultTopics.CALL_EVENTS));
        conf.set(JobOptions.TOPIC_TRANSCRIPTS, topic(DefaultTopics.TRANSCRIPTS));
        conf.set(JobOptions.TOPIC_REVIEW, topic(DefaultTopics.REVIEW));
        conf.set(JobOptions.TOPIC_SUMMARIES, topic(DefaultTopics.CALL_SUMMARIES));
        conf.set(JobOptions.TOPIC_DEAD_LETTERS, topic(DefaultTopics.DEAD_LETTERS));
        return conf;
    }

    JobClient start(Configuration conf, String jobName) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        KafkaPipeline.define(env, conf);
        return env.executeAsync(name + ": " + jobName);
    }

    /** The run's output topics from their start, as a read_committed consumer sees them. */
    CommittedOutputs outputs() {
        return new CommittedOutputs(kafka.bootstrapServers(), name);
    }

    /** A gateway writing to the run's input topics. */
    KafkaReplaySink gateway() {
        return new KafkaReplaySink(kafka.bootstrapServers(), topic(DefaultTopics.CALL_AUDIO), topic(DefaultTopics.CALL_EVENTS));
    }

    /** Writes records as the gateway does, then waits until the job's source has read them. */
    void produce(JobClient job, Consumer<KafkaReplaySink> records) throws Exception {
        try (KafkaReplaySink gateway = gateway()) {
            records.accept(gateway);
        }
        awaitSourceRead(job);
    }

    /** Waits until the job's source has read (and committed on a checkpoint) everything in its input topics. */
    void awaitSourceRead(JobClient job) throws Exception {
        long deadline = System.nanoTime() + jobBudget.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            List<String> topics = List.of(topic(DefaultTopics.CALL_AUDIO), topic(DefaultTopics.CALL_EVENTS));
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get().forEach((topic, description) ->
                    description.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId())
                        .partitionsToOffsetAndMetadata().get();
                boolean done = ends.entrySet().stream().allMatch(e -> e.getValue() == 0
                        || committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue());
                if (done) {
                    return;
                }
                CommittedOutputs.checkRunning(job);
                if (System.nanoTime() > deadline) {
                    fail("the job did not read its input within " + jobBudget + ": ends " + ends + ", committed " + committed);
                }
                Thread.sleep(250);
            }
        }
    }

    /** Cancels the job if it still runs; a job that failed has its error reported by {@link CommittedOutputs#checkRunning}. */
    static void cancel(JobClient job) {
        try {
            if (!job.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState()) {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            System.err.println("cancelling " + job.getJobID() + ": " + e);
        }
    }
}
