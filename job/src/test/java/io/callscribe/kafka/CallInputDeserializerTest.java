package io.callscribe.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.callscribe.contract.AudioFrame;
import io.callscribe.contract.CallEvent;
import io.callscribe.contract.CallInput;
import io.callscribe.contract.Codec;
import io.callscribe.contract.DeadLetter;
import io.callscribe.contract.Leg;
import io.callscribe.contract.codec.AudioFrameCodec;
import io.callscribe.contract.codec.CallEventCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.util.Collector;
import org.apache.flink.util.InstantiationUtil;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class CallInputDeserializerTest {

    private final CallInputDeserializer deserializer = new CallInputDeserializer("call-audio", "call-events");
    private final AudioFrame frame = new AudioFrame("acme", "call-1", Leg.AGENT, 42, 7, 1120, Codec.PCMU, 8000,
            new byte[160], 1_000);

    @Test
    void binaryAndJsonFramesBecomeFrames() {
        AudioFrameCodec codec = new AudioFrameCodec();
        assertEquals(CallInput.of(frame), deserializer.read(record("call-audio", "call-1", codec.encode(frame))));
        assertEquals(CallInput.of(frame), deserializer.read(record("call-audio", "call-1", codec.encodeJson(frame))));
    }

    @Test
    void eventsBecomeEvents() {
        CallEvent ended = CallEvent.ended("acme", "call-1", 9);
        CallInput input = deserializer.read(record("call-events", "call-1", new CallEventCodec().encode(ended)));
        assertEquals(CallInput.Kind.EVENT, input.kind());
        assertEquals(ended, input.event());
    }

    @Test
    void badRecordBecomesADeadLetterWithItsRawBytes() {
        byte[] garbage = {'C', 'S', 1, 9};
        CallInput input = deserializer.read(record("call-audio", "call-1", garbage));
        DeadLetter letter = input.deadLetter();
        assertEquals(CallInput.Kind.DEAD_LETTER, input.kind());
        assertEquals("unknown-codec", letter.reason());
        assertEquals("call-audio/3@17", letter.source());
        assertEquals("call-1", letter.key());
        assertEquals(Base64.getEncoder().encodeToString(garbage), letter.rawBase64());
        assertEquals(1_700_000_000_000L, letter.timestampMs());
    }

    @Test
    void tombstoneAndUnknownTopicAreDeadLetters() {
        DeadLetter tombstone = deserializer.read(record("call-events", null, null)).deadLetter();
        assertEquals("empty-record", tombstone.reason());
        assertNull(tombstone.key());
        assertNull(tombstone.rawBase64());
        assertEquals("unknown-topic", deserializer.read(record("other", "k", new byte[1])).deadLetter().reason());
    }

    @Test
    void oversizedPayloadFollowsTheConfiguredMaximum() {
        byte[] bytes = new AudioFrameCodec().encode(frame);
        CallInputDeserializer strict = new CallInputDeserializer("call-audio", "call-events", 100);
        assertEquals("oversized-payload", strict.read(record("call-audio", "call-1", bytes)).deadLetter().reason());
    }

    @Test
    void randomRecordsNeverThrow() {
        Random random = new Random(3);
        List<CallInput> out = new ArrayList<>();
        Collector<CallInput> collector = new Collector<>() {
            @Override
            public void collect(CallInput record) {
                out.add(record);
            }

            @Override
            public void close() {
            }
        };
        for (int i = 0; i < 10_000; i++) {
            byte[] value = new byte[random.nextInt(80)];
            random.nextBytes(value);
            deserializer.deserialize(record(random.nextBoolean() ? "call-audio" : "call-events", "k", value), collector);
        }
        assertEquals(10_000, out.size());
    }

    @Test
    void flinkSerializesCallInputAsAPojo() throws Exception {
        TypeInformation<CallInput> type = deserializer.getProducedType();
        assertInstanceOf(PojoTypeInfo.class, type);
        TypeSerializer<CallInput> serializer = type.createSerializer(new SerializerConfigImpl());
        CallInput dead = deserializer.read(record("call-audio", "k", new byte[] {1}));
        for (CallInput input : List.of(CallInput.of(frame), CallInput.of(CallEvent.started("t", "c", "a",
                List.of("Ada"), 5)), dead)) {
            DataOutputSerializer bytes = new DataOutputSerializer(256);
            serializer.serialize(input, bytes);
            assertEquals(input, serializer.deserialize(new DataInputDeserializer(bytes.getCopyOfBuffer())));
        }
        // Flink ships the schema to the task managers with Java serialization.
        CallInputDeserializer copy = InstantiationUtil.clone(deserializer);
        assertEquals(CallInput.of(frame), copy.read(record("call-audio", "call-1", new AudioFrameCodec().encode(frame))));
    }

    static ConsumerRecord<byte[], byte[]> record(String topic, String key, byte[] value) {
        return new ConsumerRecord<>(topic, 3, 17, 1_700_000_000_000L, TimestampType.CREATE_TIME,
                key == null ? 0 : key.length(), value == null ? 0 : value.length,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8), value, new RecordHeaders(), Optional.empty());
    }
}
