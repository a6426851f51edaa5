package io.callscribe.hotwords;

import io.callscribe.inference.RecognitionRequest;
import io.callscribe.inference.RequestKind;
import io.callscribe.models.hotwords.HotwordLimits;
import io.callscribe.models.hotwords.HotwordSet;
import io.callscribe.models.hotwords.HotwordSetFiles;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Gives each recognition request its tenant's hot words in force at that moment. Tenants' sets come
 * from the files of {@code hotwords.dir}, read at start, and from the {@code hotwords} topic as
 * broadcast state, so an update reaches every subtask and applies to the next request of every live
 * call of that tenant, with no restart; the set with the higher version wins. A request only ever
 * gets its own tenant's set.
 */
public final class HotwordAttacher extends BroadcastProcessFunction<RecognitionRequest, HotwordSet, RecognitionRequest> {

    /** The tenants' sets from the topic, by tenant; restored from checkpoints with the job. */
    public static final MapStateDescriptor<String, HotwordSet> TENANT_SETS =
            new MapStateDescriptor<>("tenant-hotwords", StringSerializer.INSTANCE, HotwordSetSerializer.INSTANCE);

    private final String filesDir;
    private final HotwordLimits limits;
    private transient Map<String, HotwordSet> fromFiles;

    /** @param filesDir folder of {@code <tenant>.yaml} sets, or null for none */
    public HotwordAttacher(String filesDir, HotwordLimits limits) {
        this.filesDir = filesDir;
        this.limits = limits;
    }

    @Override
    public void open(OpenContext context) {
        fromFiles = filesDir == null || filesDir.isBlank() || !Files.isDirectory(Path.of(filesDir))
                ? Map.of() : HotwordSetFiles.readDirectory(Path.of(filesDir), limits);
    }

    @Override
    public void processElement(RecognitionRequest request, ReadOnlyContext ctx, Collector<RecognitionRequest> out) throws Exception {
        if (request.kind() == RequestKind.LEG_END) {
            out.collect(request);
            return;
        }
        String tenant = request.leg().tenant();
        out.collect(request.withTenantHotwords(newer(ctx.getBroadcastState(TENANT_SETS).get(tenant), fromFiles.get(tenant))));
    }

    @Override
    public void processBroadcastElement(HotwordSet update, Context ctx, Collector<RecognitionRequest> out) throws Exception {
        var sets = ctx.getBroadcastState(TENANT_SETS);
        HotwordSet current = sets.get(update.owner());
        // a compacted topic replays old versions after a restart: never go back
        if (current == null || update.version() >= current.version()) {
            sets.put(update.owner(), update);
        }
    }

    private static HotwordSet newer(HotwordSet a, HotwordSet b) {
        if (a == null) {
            return b;
        }
        return b == null || a.version() >= b.version() ? a : b;
    }
}
