package io.callscribe.replay;

import io.callscribe.contract.AudioFrame;
import io.callscribe.contract.CallEvent;
import io.callscribe.contract.codec.AudioFrameCodec;
import io.callscribe.contract.codec.CallEventCodec;
import io.callscribe.kafka.DefaultTopics;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes a replayed call to Kafka as a gateway would: binary frames to {@code call-audio} and JSON
 * events to {@code call-events}, both keyed by call ID, each record stamped with its capture time.
 * The started event is flushed before the first frame and every frame before the ended event.
 */
public final class KafkaReplaySink implements ReplaySink, AutoCloseable {

    private final Producer<byte[], byte[]> producer;
    private final String audioTopic;
    private final String eventsTopic;
    private final AudioFrameCodec frames = new AudioFrameCodec();
    private final CallEventCodec events = new CallEventCodec();
    private volatile Exception sendFailure;

    /** Writes to the default topics. */
    public KafkaReplaySink(String bootstrapServers) {
        this(bootstrapServers, DefaultTopics.CALL_AUDIO, DefaultTopics.CALL_EVENTS);
    }

    public KafkaReplaySink(String bootstrapServers, String audioTopic, String eventsTopic) {
        this(gatewayProducer(bootstrapServers, "callscribe-replay-" + UUID.randomUUID()), audioTopic, eventsTopic);
    }

    /**
     * A producer as a gateway would configure one: acknowledged by all replicas, frames of all its
     * calls batched for up to 5 ms. Thread-safe, so many replays may share it (and its requests).
     */
    public static Producer<byte[], byte[]> gatewayProducer(String bootstrapServers, String clientId) {
        return gatewayProducer(bootstrapServers, clientId, Map.of());
    }

    /** The same, with client settings on top: security (SASL, TLS) for a broker that asks for it. */
    public static Producer<byte[], byte[]> gatewayProducer(String bootstrapServers, String clientId, Map<String, String> clientSettings) {
        Map<String, Object> config = new HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, clientId,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
        config.putAll(clientSettings);
        return new KafkaProducer<>(config);
    }

    /** Over a producer of the caller's; {@link #close()} closes it. */
    public KafkaReplaySink(Producer<byte[], byte[]> producer, String audioTopic, String eventsTopic) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.audioTopic = Objects.requireNonNull(audioTopic, "audioTopic");
        this.eventsTopic = Objects.requireNonNull(eventsTopic, "eventsTopic");
    }

    @Override
    public void callStarted(CallEvent started) {
        send(eventsTopic, started.callId(), events.encode(started), started.timestampMs());
        producer.flush();
        throwIfFailed();
    }

    @Override
    public void frame(AudioFrame frame) {
        send(audioTopic, frame.callId(), frames.encode(frame), frame.capturedAtMs());
    }

    @Override
    public void callEnded(CallEvent ended) {
        producer.flush();
        send(eventsTopic, ended.callId(), events.encode(ended), ended.timestampMs());
        producer.flush();
        throwIfFailed();
    }

    @Override
    public void close() {
        producer.close();
    }

    private void send(String topic, String key, byte[] value, long timestampMs) {
        throwIfFailed();
        producer.send(new ProducerRecord<>(topic, null, timestampMs, key.getBytes(StandardCharsets.UTF_8), value),
                (metadata, exception) -> {
                    if (exception != null && sendFailure == null) {
                        sendFailure = exception;
                    }
                });
    }

    private void throwIfFailed() {
        if (sendFailure != null) {
            throw new IllegalStateException("writing the replay to Kafka failed", sendFailure);
        }
    }
}
