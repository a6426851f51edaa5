package io.callscribe.kafka;

import io.callscribe.hotwords.HotwordRecord;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Records of the {@code hotwords} topic as they are; {@link io.callscribe.hotwords.HotwordUpdateParser} checks them. */
public final class HotwordRecordDeserializer implements KafkaRecordDeserializationSchema<HotwordRecord> {

    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<HotwordRecord> out) {
        String tenant = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        out.collect(new HotwordRecord(tenant, record.value(), record.timestamp()));
    }

    @Override
    public TypeInformation<HotwordRecord> getProducedType() {
        return TypeInformation.of(HotwordRecord.class);
    }
}
