package io.callscribe.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.callscribe.contract.CallSummary;
import io.callscribe.contract.DeadLetter;
import io.callscribe.contract.ReviewItem;
import io.callscribe.contract.TranscriptSegment;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.flink.connector.kafka.lineage.DefaultKafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.DefaultKafkaDatasetIdentifier;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacetProvider;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes values to one topic as Jackson JSON, keyed by a function of the value (the call ID for
 * every output, so that a call's records stay in order on one partition). The factories cover the
 * job's four outputs. {@link #perTenant()} writes each tenant's records to a topic of its own
 * ({@link TenantTopics}) instead.
 *
 * <p>It names its topic (or per-tenant topic pattern) for lineage.
 */
public final class JsonRecordSerializer<T> implements KafkaRecordSerializationSchema<T>, KafkaDatasetFacetProvider {

    private static final long serialVersionUID = 1L;

    private final String topic;
    private final SerializableFunction<T, String> keyOf;
    /** The record's tenant; null for records that have none (dead letters). */
    private final SerializableFunction<T, String> tenantOf;
    private final boolean perTenant;
    private transient ObjectWriter writer;

    /**
     * @param keyOf the record key; null writes a record without a key
     * @param tenantOf the record's tenant, for {@link #perTenant()}; null if records have none
     */
    public JsonRecordSerializer(String topic, SerializableFunction<T, String> keyOf, SerializableFunction<T, String> tenantOf) {
        this(topic, keyOf, tenantOf, false);
    }

    private JsonRecordSerializer(String topic, SerializableFunction<T, String> keyOf, SerializableFunction<T, String> tenantOf,
            boolean perTenant) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.keyOf = Objects.requireNonNull(keyOf, "keyOf");
        this.tenantOf = tenantOf;
        this.perTenant = perTenant;
    }

    public static JsonRecordSerializer<TranscriptSegment> transcripts(String topic) {
        return new JsonRecordSerializer<>(topic, TranscriptSegment::callId, TranscriptSegment::tenant);
    }

    public static JsonRecordSerializer<ReviewItem> reviews(String topic) {
        return new JsonRecordSerializer<>(topic, review -> review.segment().callId(), review -> review.segment().tenant());
    }

    public static JsonRecordSerializer<CallSummary> summaries(String topic) {
        return new JsonRecordSerializer<>(topic, CallSummary::callId, CallSummary::tenant);
    }

    /**
     * Keyed by the dead record's own key, which for call input is its call ID. Always one topic: a
     * record that could not be read may have no tenant.
     */
    public static JsonRecordSerializer<DeadLetter> deadLetters(String topic) {
        return new JsonRecordSerializer<>(topic, DeadLetter::key, null);
    }

    /** This serializer writing tenant T's records to {@code <topic>.T} ({@link TenantTopics#topic}). */
    public JsonRecordSerializer<T> perTenant() {
        if (tenantOf == null) {
            throw new IllegalStateException("records for " + topic + " have no tenant to choose a topic by");
        }
        return new JsonRecordSerializer<>(topic, keyOf, tenantOf, true);
    }

    /** The shared topic, or the name the per-tenant topics are made from. */
    public String topic() {
        return topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
        String key = keyOf.apply(element);
        byte[] value;
        try {
            value = writer().writeValueAsBytes(element);
        } catch (JsonProcessingException e) {
            // Our own contract records: failing to write one is a bug, not bad input.
            throw new IllegalStateException("cannot write " + element.getClass().getSimpleName() + " as JSON", e);
        }
        return new ProducerRecord<>(perTenant ? TenantTopics.topic(topic, tenantOf.apply(element)) : topic, null, timestamp,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
    }

    @Override
    public Optional<KafkaDatasetFacet> getKafkaDatasetFacet() {
        return Optional.of(new DefaultKafkaDatasetFacet(perTenant
                ? DefaultKafkaDatasetIdentifier.ofPattern(TenantTopics.pattern(topic))
                : DefaultKafkaDatasetIdentifier.ofTopics(List.of(topic))));
    }

    private ObjectWriter writer() {
        if (writer == null) {
            writer = new ObjectMapper().writer();
        }
        return writer;
    }
}
