package io.callscribe.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.callscribe.contract.AudioFrame;
import io.callscribe.contract.CallEvent;
import io.callscribe.contract.CallInput;
import io.callscribe.contract.Codec;
import io.callscribe.contract.DeadLetter;
import io.callscribe.contract.Leg;
import io.callscribe.contract.codec.AudioFrameCodec;
import io.callscribe.contract.codec.CallEventCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The Kafka pieces together in a real Flink job on the embedded broker: the source reads frames,
 * events and garbage through {@link CallInputDeserializer} without failing, and the exactly-once
 * sink commits the dead letters in a transaction a {@code read_committed} consumer sees.
 */
class KafkaExactlyOnceJobTest {

    @Test
    void badRecordsFlowToDeadLettersThroughAnExactlyOnceSink() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(TopicSpec.of(DefaultTopics.CALL_AUDIO, 2), TopicSpec.of(DefaultTopics.CALL_EVENTS, 1),
                    TopicSpec.of(DefaultTopics.DEAD_LETTERS, 1));
            produceInput(kafka.bootstrapServers());

            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(1);
            env.enableCheckpointing(500);
            KafkaSource<CallInput> source = KafkaSource.<CallInput>builder()
                    .setBootstrapServers(kafka.bootstrapServers())
                    .setTopics(DefaultTopics.CALL_AUDIO, DefaultTopics.CALL_EVENTS)
                    .setGroupId("exactly-once-test")
                    .setStartingOffsets(OffsetsInitializer.earliest())
                    .setBounded(OffsetsInitializer.latest())
                    .setDeserializer(new CallInputDeserializer(DefaultTopics.CALL_AUDIO, DefaultTopics.CALL_EVENTS))
                    .build();
            DataStream<CallInput> inputs = env.fromSource(source, WatermarkStrategy.noWatermarks(), "call input");
            inputs.filter(input -> input.kind() == CallInput.Kind.DEAD_LETTER)
                    .map(CallInput::deadLetter, TypeInformation.of(DeadLetter.class))
                    .sinkTo(KafkaSink.<DeadLetter>builder()
                            .setBootstrapServers(kafka.bootstrapServers())
                            .setRecordSerializer(JsonRecordSerializer.deadLetters(DefaultTopics.DEAD_LETTERS))
                            .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                            .setTransactionalIdPrefix("callscribe-test-dead-letters")
                            .build());
            List<String> kinds = new ArrayList<>();
            inputs.map(input -> input.kind().name(), TypeInformation.of(String.class))
                    .executeAndCollect("kafka exactly-once test").forEachRemaining(kinds::add);

            assertEquals(3, kinds.stream().filter("FRAME"::equals).count(), kinds.toString());
            assertEquals(1, kinds.stream().filter("EVENT"::equals).count(), kinds.toString());
            assertEquals(2, kinds.stream().filter("DEAD_LETTER"::equals).count(), kinds.toString());
            List<DeadLetter> letters = readCommitted(kafka.bootstrapServers(), DefaultTopics.DEAD_LETTERS, 2);
            assertEquals(List.of("truncated", "unparseable"),
                    letters.stream().map(DeadLetter::reason).sorted().toList());
        }
    }

    private static void produceInput(String bootstrapServers) throws Exception {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        AudioFrameCodec frames = new AudioFrameCodec();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
            producer.send(new ProducerRecord<>(DefaultTopics.CALL_EVENTS, "call-1",
                    new CallEventCodec().encode(CallEvent.started("acme", "call-1", "agent-7", List.of(), 1))));
            for (int seq = 0; seq < 3; seq++) {
                AudioFrame frame = new AudioFrame("acme", "call-1", Leg.AGENT, 9, seq, seq * 160L, Codec.PCMU, 8000,
                        new byte[160], 2 + seq);
                producer.send(new ProducerRecord<>(DefaultTopics.CALL_AUDIO, "call-1", frames.encode(frame)));
            }
            producer.send(new ProducerRecord<>(DefaultTopics.CALL_AUDIO, "call-1", new byte[] {'C', 'S', 1}));
            producer.send(new ProducerRecord<>(DefaultTopics.CALL_AUDIO, "call-2", "hello".getBytes()))
                    .get(10, TimeUnit.SECONDS);
        }
    }

    private static List<DeadLetter> readCommitted(String bootstrapServers, String topic, int expected)
            throws Exception {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "verify");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        ObjectMapper json = new ObjectMapper();
        List<DeadLetter> letters = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (letters.size() < expected && System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    letters.add(json.readValue(record.value(), DeadLetter.class));
                }
            }
        }
        return letters;
    }
}
