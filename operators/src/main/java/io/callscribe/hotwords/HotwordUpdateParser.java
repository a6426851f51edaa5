package io.callscribe.hotwords;

import io.callscribe.contract.DeadLetter;
import io.callscribe.models.hotwords.HotwordLimits;
import io.callscribe.models.hotwords.HotwordSet;
import io.callscribe.models.hotwords.HotwordSetFiles;
import io.callscribe.state.SerializerTypeInfo;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.util.Base64;

/**
 * Checks updates from the {@code hotwords} topic: a valid set goes on to every recognition subtask;
 * an invalid one goes to the dead letters with every problem named, and the tenant keeps its
 * previous set.
 */
public final class HotwordUpdateParser extends ProcessFunction<HotwordRecord, HotwordSet> {

    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("hotword-dead-letters") {};
    public static final TypeInformation<HotwordSet> SET_TYPE = new SerializerTypeInfo<>(HotwordSet.class, HotwordSetSerializer.INSTANCE);

    private final String topic;
    private final HotwordLimits limits;
    private transient Counter accepted;
    private transient Counter rejected;

    public HotwordUpdateParser(String topic, HotwordLimits limits) {
        this.topic = topic;
        this.limits = limits;
    }

    @Override
    public void open(OpenContext context) {
        var metrics = getRuntimeContext().getMetricGroup().addGroup("hotwords");
        accepted = metrics.counter("updates");
        rejected = metrics.counter("rejectedUpdates");
    }

    @Override
    public void processElement(HotwordRecord record, Context ctx, Collector<HotwordSet> out) {
        try {
            if (record.tenant() == null || record.tenant().isBlank()) {
                throw new IllegalArgumentException("the record has no key: the key names the tenant");
            }
            if (record.document() == null) {
                throw new IllegalArgumentException("the record has no value (a tombstone): send an empty phrase list to clear a tenant's set");
            }
            out.collect(HotwordSetFiles.parse(topic + " record of tenant '" + record.tenant() + "'", record.tenant(), record.document(), limits));
            accepted.inc();
        } catch (IllegalArgumentException e) { // HotwordException among them
            rejected.inc();
            ctx.output(DEAD_LETTERS, new DeadLetter(DeadLetter.VERSION, topic, "invalid-hotwords", e.getMessage(), record.tenant(),
                    record.document() == null ? null : Base64.getEncoder().encodeToString(record.document()), record.timestampMs()));
        }
    }
}
