package io.callscribe.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callscribe.contract.CallInput;
import io.callscribe.contract.DeadLetter;
import io.callscribe.contract.codec.FrameRejection;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Property tests of the job's Kafka deserializer: whatever a record holds, on whichever topic, it
 * becomes a frame, an event, or a dead letter with a known, non-empty reason, the record's key and
 * its raw value; it never throws (a throwing deserializer would restart the job over and over on the
 * same record) and never reports its own failure ({@code decoder-error}).
 */
class CallInputDeserializerPropertiesTest {

    private static final int MAX_PAYLOAD = 320;
    private static final Set<String> REASONS = Arrays.stream(FrameRejection.values()).map(FrameRejection::code).collect(Collectors.toSet());

    private final CallInputDeserializer deserializer = new CallInputDeserializer(DefaultTopics.CALL_AUDIO, DefaultTopics.CALL_EVENTS, MAX_PAYLOAD);
    private final BadRecords bad = new BadRecords(DefaultTopics.CALL_AUDIO, DefaultTopics.CALL_EVENTS, MAX_PAYLOAD, "flooded-call");

    @Property(tries = 3000)
    void anyRecordIsReadOrDeadLettered(@ForAll("topics") String topic, @ForAll @Size(max = 40) byte[] key,
            @ForAll @Size(max = 500) byte[] value) {
        CallInput input = deserializer.read(record(topic, key, value));
        if (input.kind() == CallInput.Kind.DEAD_LETTER) {
            checkDeadLetter(input.deadLetter(), key, value);
        }
    }

    @Property(tries = 500)
    void aRecordWithoutValueOrKeyIsDeadLettered(@ForAll("topics") String topic) {
        DeadLetter d = deserializer.read(record(topic, null, null)).deadLetter();
        assertNotNull(d, "a tombstone is no input");
        assertFalse(d.reason().isBlank());
    }

    @Property(tries = 5000)
    void eachKindOfBadRecordGetsItsReason(@ForAll("badRecords") BadRecords.BadRecord bad) {
        CallInput input = deserializer.read(record(bad.topic(), bad.key(), bad.value()));
        assertEquals(CallInput.Kind.DEAD_LETTER, input.kind(), "a bad record is no input: " + bad);
        assertEquals(bad.reason(), input.deadLetter().reason(), input.deadLetter().detail());
        checkDeadLetter(input.deadLetter(), bad.key(), bad.value());
    }

    private static void checkDeadLetter(DeadLetter d, byte[] key, byte[] value) {
        assertTrue(REASONS.contains(d.reason()), "a known reason: " + d.reason());
        assertNotEquals(FrameRejection.DECODER_ERROR.code(), d.reason(), "the decoder failed: " + d.detail());
        assertFalse(d.detail() == null || d.detail().isBlank(), "a dead letter says why");
        assertEquals(key == null ? null : new String(key, java.nio.charset.StandardCharsets.UTF_8), d.key());
        assertEquals(value == null ? null : Base64.getEncoder().encodeToString(value), d.rawBase64(), "the raw value is kept");
        assertTrue(d.source().matches(".+/0@42"), d.source());
    }

    private static ConsumerRecord<byte[], byte[]> record(String topic, byte[] key, byte[] value) {
        return new ConsumerRecord<>(topic, 0, 42, key, value);
    }

    @Provide
    Arbitrary<String> topics() {
        return Arbitraries.of(DefaultTopics.CALL_AUDIO, DefaultTopics.CALL_EVENTS, "some-other-topic");
    }

    @Provide
    Arbitrary<BadRecords.BadRecord> badRecords() {
        return Arbitraries.randomValue(bad::next);
    }
}
