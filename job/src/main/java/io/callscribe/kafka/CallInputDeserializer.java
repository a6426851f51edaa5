package io.callscribe.kafka;

import io.callscribe.contract.AudioFrame;
import io.callscribe.contract.CallEvent;
import io.callscribe.contract.CallInput;
import io.callscribe.contract.DeadLetter;
import io.callscribe.contract.codec.AudioFrameCodec;
import io.callscribe.contract.codec.CallEventCodec;
import io.callscribe.contract.codec.FrameFormatException;
import io.callscribe.contract.codec.FrameRejection;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns records of {@code call-audio} (binary or JSON frames) and {@code call-events} (JSON) into
 * {@link CallInput}s. A record that cannot be read becomes a dead letter, never an exception: a
 * throwing deserializer would fail and restart the whole job, over and over on the same record.
 *
 * <p>A dead letter's {@code source} is {@code <topic>/<partition>@<offset>}, its {@code reason} a
 * {@link FrameRejection#code()}, its {@code key} the record key as UTF-8 and its timestamp the record's.
 */
public final class CallInputDeserializer implements KafkaRecordDeserializationSchema<CallInput> {

    private static final long serialVersionUID = 1L;

    private final String audioTopic;
    private final String eventsTopic;
    private final AudioFrameCodec frames;
    private final CallEventCodec events = new CallEventCodec();
    /** Null where outputs share topics and any tenant ID goes. */
    private final TenantTopics tenantTopics;

    /**
     * @param maxPayloadBytes frames with a larger payload become {@code oversized-payload} dead letters
     * @param tenantTopics where outputs go to per-tenant topics: input of a tenant that cannot name one
     *     becomes a {@code bad-field} dead letter; null: any tenant ID goes
     */
    public CallInputDeserializer(String audioTopic, String eventsTopic, int maxPayloadBytes, TenantTopics tenantTopics) {
        this.audioTopic = Objects.requireNonNull(audioTopic, "audioTopic");
        this.eventsTopic = Objects.requireNonNull(eventsTopic, "eventsTopic");
        if (audioTopic.equals(eventsTopic)) {
            throw new IllegalArgumentException("audio and events need different topics, both are " + audioTopic);
        }
        this.frames = new AudioFrameCodec(maxPayloadBytes);
        this.tenantTopics = tenantTopics;
    }

    public CallInputDeserializer(String audioTopic, String eventsTopic, int maxPayloadBytes) {
        this(audioTopic, eventsTopic, maxPayloadBytes, null);
    }

    public CallInputDeserializer(String audioTopic, String eventsTopic) {
        this(audioTopic, eventsTopic, AudioFrameCodec.DEFAULT_MAX_PAYLOAD_BYTES);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<CallInput> out) {
        out.collect(read(record));
    }

    /** The record as a frame, an event or a dead letter; never throws. */
    public CallInput read(ConsumerRecord<byte[], byte[]> record) {
        try {
            if (audioTopic.equals(record.topic())) {
                AudioFrame frame = frames.decode(record.value());
                checkTenant(frame.tenant());
                return CallInput.of(frame);
            }
            if (eventsTopic.equals(record.topic())) {
                CallEvent event = events.decode(record.value());
                checkTenant(event.tenant());
                return CallInput.of(event);
            }
            return deadLetter(record, FrameRejection.UNKNOWN_TOPIC,
                    "topic " + record.topic() + " is neither " + audioTopic + " nor " + eventsTopic);
        } catch (FrameFormatException e) {
            return deadLetter(record, e.reason(), e.getMessage());
        } catch (RuntimeException e) {
            return deadLetter(record, FrameRejection.DECODER_ERROR, e.toString());
        }
    }

    private void checkTenant(String tenant) {
        if (tenantTopics != null) {
            tenantTopics.check(tenant);
        }
    }

    private static CallInput deadLetter(ConsumerRecord<byte[], byte[]> record, FrameRejection reason, String detail) {
        String source = record.topic() + "/" + record.partition() + "@" + record.offset();
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        String raw = record.value() == null ? null : Base64.getEncoder().encodeToString(record.value());
        long timestamp = record.timestamp() >= 0 ? record.timestamp() : System.currentTimeMillis();
        return CallInput.rejected(new DeadLetter(DeadLetter.VERSION, source, reason.code(), detail, key, raw, timestamp));
    }

    @Override
    public TypeInformation<CallInput> getProducedType() {
        return TypeInformation.of(CallInput.class);
    }
}
