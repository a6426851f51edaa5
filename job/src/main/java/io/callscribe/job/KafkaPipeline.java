package io.callscribe.job;

import io.callscribe.contract.CallInput;
import io.callscribe.contract.TranscriptSegment;
import io.callscribe.hotwords.HotwordRecord;
import io.callscribe.hotwords.HotwordUpdateParser;
import io.callscribe.kafka.CallInputDeserializer;
import io.callscribe.kafka.HotwordRecordDeserializer;
import io.callscribe.models.hotwords.HotwordSet;
import io.callscribe.kafka.JsonRecordSerializer;
import io.callscribe.kafka.TenantTopics;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The transcription pipeline between Kafka topics: one source over {@code call-audio} and
 * {@code call-events}, exactly-once transactional sinks for finals, review items, summaries and dead
 * letters, and (by default) an at-least-once sink for partials so they are visible at once.
 */
public final class KafkaPipeline {

    /** Settings with this prefix are passed to every Kafka client (security, SASL, TLS, ...). */
    public static final String KAFKA_PROPERTIES_PREFIX = "kafka.properties.";

    private KafkaPipeline() {}

    public static void define(StreamExecutionEnvironment env, Configuration conf) {
        Properties kafka = kafkaProperties(conf);
        KafkaSource<CallInput> source = KafkaSource.<CallInput>builder()
                .setBootstrapServers(conf.get(JobOptions.BOOTSTRAP_SERVERS))
                .setTopics(conf.get(JobOptions.TOPIC_AUDIO), conf.get(JobOptions.TOPIC_EVENTS))
                .setGroupId(conf.get(JobOptions.GROUP_ID))
                .setStartingOffsets(startingOffsets(conf))
                .setProperties(kafka)
                .setProperty("fetch.max.wait.ms", String.valueOf(conf.get(JobOptions.SOURCE_FETCH_MAX_WAIT).toMillis()))
                .setProperty("fetch.min.bytes", String.valueOf(conf.get(JobOptions.SOURCE_FETCH_MIN_BYTES)))
                .setDeserializer(new CallInputDeserializer(conf.get(JobOptions.TOPIC_AUDIO), conf.get(JobOptions.TOPIC_EVENTS),
                        conf.get(JobOptions.MAX_PAYLOAD_BYTES), tenantTopics(conf)))
                .build();
        DataStream<CallInput> input = env.fromSource(source, WatermarkStrategy.noWatermarks(), "kafka: call input").uid("kafka-input");
        SingleOutputStreamOperator<HotwordSet> hotwords = hotwordUpdates(env, conf, kafka);
        TranscriptionPipeline.Outputs out = TranscriptionPipeline.build(input, hotwords, conf);
        writeOutputs(out.withMoreDeadLetters(hotwords.getSideOutput(HotwordUpdateParser.DEAD_LETTERS)), conf);
    }

    /**
     * Tenants' hot-word sets from the compacted topic, read whole from the start (then from the
     * checkpoint). Subscribed by pattern, so the job also runs where the topic does not exist yet.
     */
    private static SingleOutputStreamOperator<HotwordSet> hotwordUpdates(StreamExecutionEnvironment env, Configuration conf,
            Properties kafka) {
        String topic = conf.get(JobOptions.TOPIC_HOTWORDS);
        KafkaSource<HotwordRecord> source = KafkaSource.<HotwordRecord>builder()
                .setBootstrapServers(conf.get(JobOptions.BOOTSTRAP_SERVERS))
                .setTopicPattern(Pattern.compile(Pattern.quote(topic)))
                .setGroupId(conf.get(JobOptions.GROUP_ID) + "-hotwords")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setProperties(kafka)
                .setProperty("partition.discovery.interval.ms", "10000")
                .setDeserializer(new HotwordRecordDeserializer())
                .build();
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "kafka: hot words").uid("kafka-hotwords")
                .process(new HotwordUpdateParser(topic, TranscriptionPipeline.hotwordRules(conf).limits()), HotwordUpdateParser.SET_TYPE)
                .name("check hot words").uid("check-hotwords");
    }

    /** The pipeline's outputs to their topics; also used for recordings transcribed in batch. */
    public static void writeOutputs(TranscriptionPipeline.Outputs out, Configuration conf) {
        Properties kafka = kafkaProperties(conf);
        boolean partialsExactlyOnce = "exactly-once".equals(conf.get(JobOptions.PARTIALS_DELIVERY).toLowerCase(Locale.ROOT));
        JsonRecordSerializer<TranscriptSegment> transcripts = tenantOutput(conf, JsonRecordSerializer.transcripts(conf.get(JobOptions.TOPIC_TRANSCRIPTS)));
        out.transcripts().filter(TranscriptSegment::isFinal).name("finals")
                .sinkTo(sink(conf, kafka, transcripts, "finals", true)).name("kafka: finals").uid("sink-finals");
        out.transcripts().filter(s -> !s.isFinal()).name("partials")
                .sinkTo(sink(conf, kafka, transcripts, "partials", partialsExactlyOnce))
                .name("kafka: partials").uid("sink-partials");
        out.review().sinkTo(sink(conf, kafka, tenantOutput(conf, JsonRecordSerializer.reviews(conf.get(JobOptions.TOPIC_REVIEW))), "review", true))
                .name("kafka: review").uid("sink-review");
        out.summaries().sinkTo(sink(conf, kafka, tenantOutput(conf, JsonRecordSerializer.summaries(conf.get(JobOptions.TOPIC_SUMMARIES))),
                        "summaries", true))
                .name("kafka: call summaries").uid("sink-summaries");
        out.deadLetters().sinkTo(sink(conf, kafka, JsonRecordSerializer.deadLetters(conf.get(JobOptions.TOPIC_DEAD_LETTERS)), "dead-letters", true))
                .name("kafka: dead letters").uid("sink-dead-letters");
    }

    /** The tenant-checking rule of per-tenant topics ({@code topics.per-tenant}); null where outputs share topics. */
    static TenantTopics tenantTopics(ReadableConfig conf) {
        return conf.get(JobOptions.TOPICS_PER_TENANT)
                ? new TenantTopics(List.of(conf.get(JobOptions.TOPIC_TRANSCRIPTS), conf.get(JobOptions.TOPIC_REVIEW),
                        conf.get(JobOptions.TOPIC_SUMMARIES)))
                : null;
    }

    /** Where {@code tenant}'s records of output topic {@code option} go: its own topic with {@code topics.per-tenant}. */
    public static String outputTopic(ReadableConfig conf, ConfigOption<String> option, String tenant) {
        return conf.get(JobOptions.TOPICS_PER_TENANT) ? TenantTopics.topic(conf.get(option), tenant) : conf.get(option);
    }

    private static <T> JsonRecordSerializer<T> tenantOutput(ReadableConfig conf, JsonRecordSerializer<T> shared) {
        return conf.get(JobOptions.TOPICS_PER_TENANT) ? shared.perTenant() : shared;
    }

    private static <T> KafkaSink<T> sink(ReadableConfig conf, Properties kafka, JsonRecordSerializer<T> serializer, String name,
            boolean exactlyOnce) {
        Properties props = new Properties();
        props.putAll(kafka);
        props.setProperty("transaction.timeout.ms", String.valueOf(conf.get(JobOptions.TRANSACTION_TIMEOUT).toMillis()));
        return KafkaSink.<T>builder()
                .setBootstrapServers(conf.get(JobOptions.BOOTSTRAP_SERVERS))
                .setKafkaProducerConfig(props)
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(exactlyOnce ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.AT_LEAST_ONCE)
                .setTransactionalIdPrefix(conf.get(JobOptions.GROUP_ID) + "-" + name)
                .build();
    }

    private static OffsetsInitializer startingOffsets(ReadableConfig conf) {
        return switch (conf.get(JobOptions.STARTING_OFFSETS).toLowerCase(Locale.ROOT)) {
            case "earliest" -> OffsetsInitializer.earliest();
            case "latest" -> OffsetsInitializer.latest();
            case "committed" -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            default -> throw new IllegalArgumentException(
                    "kafka.starting-offsets must be committed, earliest or latest, not " + conf.get(JobOptions.STARTING_OFFSETS));
        };
    }

    static Properties kafkaProperties(ReadableConfig conf) {
        Properties props = new Properties();
        conf.toMap().forEach((key, value) -> {
            if (key.startsWith(KAFKA_PROPERTIES_PREFIX)) {
                props.setProperty(key.substring(KAFKA_PROPERTIES_PREFIX.length()), value);
            }
        });
        return props;
    }
}
