package io.callscribe.job;

import io.callscribe.contract.AudioFrame;
import io.callscribe.contract.CallEvent;
import io.callscribe.contract.DeadLetter;
import io.callscribe.contract.codec.AudioFrameCodec;
import io.callscribe.contract.codec.CallEventCodec;
import io.callscribe.pipeline.LegInput;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.base.IntSerializer;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keeps each tenant within its {@link TenantLimits}, so one tenant's surge or a runaway gateway
 * cannot starve the others of segmentation and recognition: a call beyond the tenant's concurrent
 * calls (its started event and every frame) goes to dead letters as {@code tenant-call-limit}, a
 * frame beyond the tenant's frames per second as {@code tenant-rate-limit}; both are counted in
 * {@code limits.deadLetters.<reason>}.
 *
 * <p>Keyed by tenant: a tenant's calls may be spread over every subtask of the leg operators, so
 * only state keyed by tenant sees all of them and counts them correctly at any parallelism. The
 * work per record is a state read or two, so one subtask keeps up with a large tenant; the stream is
 * keyed by leg again right after. A call counts from its started event or first frame until its
 * ended event, or until it has been silent for the idle timeout (swept only when a new call would
 * exceed the limit). The rate is counted per second of processing time, so a backlog worked through
 * faster than real time counts at its catch-up rate: set the limit above that, or leave it off (0).
 */
public final class TenantLimiter extends KeyedProcessFunction<String, LegInput, LegInput> {

    private static final long serialVersionUID = 1L;

    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("limit-dead-letters") {};
    public static final String CALL_LIMIT = "tenant-call-limit";
    public static final String RATE_LIMIT = "tenant-rate-limit";
    /** A call's last-seen time is written at most this often: a state write per frame would cost more than the check. */
    private static final long LAST_SEEN_WRITE_MS = 1_000;
    private static final AudioFrameCodec FRAMES = new AudioFrameCodec(Integer.MAX_VALUE);
    private static final CallEventCodec EVENTS = new CallEventCodec();

    private final TenantLimits limits;
    private final long idleTimeoutMs;

    private transient MapState<String, Long> callLastSeen;
    private transient ValueState<Integer> callCount;
    private transient ValueState<Long> rateSecond;
    private transient ValueState<Integer> framesInSecond;
    private transient Counter callLimited;
    private transient Counter rateLimited;

    /** @param idleTimeoutMs a call without frames this long no longer counts (the legs' idle timeout) */
    public TenantLimiter(TenantLimits limits, long idleTimeoutMs) {
        this.limits = limits;
        this.idleTimeoutMs = idleTimeoutMs;
    }

    @Override
    public void open(OpenContext context) {
        callLastSeen = getRuntimeContext().getMapState(new MapStateDescriptor<>("call-last-seen", StringSerializer.INSTANCE, LongSerializer.INSTANCE));
        callCount = getRuntimeContext().getState(new ValueStateDescriptor<>("call-count", IntSerializer.INSTANCE));
        rateSecond = getRuntimeContext().getState(new ValueStateDescriptor<>("rate-second", LongSerializer.INSTANCE));
        framesInSecond = getRuntimeContext().getState(new ValueStateDescriptor<>("frames-in-second", IntSerializer.INSTANCE));
        var group = getRuntimeContext().getMetricGroup().addGroup("limits").addGroup("deadLetters");
        callLimited = group.counter(CALL_LIMIT);
        rateLimited = group.counter(RATE_LIMIT);
    }

    @Override
    public void processElement(LegInput input, Context ctx, Collector<LegInput> out) throws Exception {
        String tenant = ctx.getCurrentKey();
        long now = ctx.timerService().currentProcessingTime();
        if (input.event() != null) {
            CallEvent event = input.event();
            if (event.type() == CallEvent.Type.ENDED) {
                forget(event.callId());
                out.collect(input);
            } else if (admit(tenant, event.callId(), now)) {
                out.collect(input);
            } else {
                deadLetter(ctx, CALL_LIMIT, callLimited, event.callId(), EVENTS.encode(event), "call-events",
                        "tenant " + tenant + " is at its limit of " + limits.maxConcurrentCalls(tenant) + " concurrent calls");
            }
            return;
        }
        AudioFrame frame = input.frame();
        if (!admit(tenant, frame.callId(), now)) {
            deadLetter(ctx, CALL_LIMIT, callLimited, frame.callId(), FRAMES.encode(frame), "call-audio",
                    "tenant " + tenant + " is at its limit of " + limits.maxConcurrentCalls(tenant) + " concurrent calls");
        } else if (!withinRate(tenant, now)) {
            deadLetter(ctx, RATE_LIMIT, rateLimited, frame.callId(), FRAMES.encode(frame), "call-audio",
                    "tenant " + tenant + " sent more than its limit of " + limits.maxFramesPerSecond(tenant) + " frames per second");
        } else {
            out.collect(input);
        }
    }

    /** True if the call counts among the tenant's calls, now or already. */
    private boolean admit(String tenant, String callId, long now) throws Exception {
        Long lastSeen = callLastSeen.get(callId);
        if (lastSeen != null) {
            if (now - lastSeen >= LAST_SEEN_WRITE_MS) {
                callLastSeen.put(callId, now);
            }
            return true;
        }
        int max = limits.maxConcurrentCalls(tenant);
        int count = callCount.value() == null ? 0 : callCount.value();
        if (max > 0 && count >= max) {
            count = sweepIdle(now, count);
            if (count >= max) {
                return false;
            }
        }
        callLastSeen.put(callId, now);
        callCount.update(count + 1);
        return true;
    }

    private void forget(String callId) throws Exception {
        if (callLastSeen.contains(callId)) {
            callLastSeen.remove(callId);
            callCount.update(Math.max(0, callCount.value() - 1));
        }
    }

    /** Drops calls silent for the idle timeout (their legs have ended by now); returns the count left. */
    private int sweepIdle(long now, int count) throws Exception {
        List<String> idle = new ArrayList<>();
        for (Map.Entry<String, Long> call : callLastSeen.entries()) {
            if (now - call.getValue() >= idleTimeoutMs) {
                idle.add(call.getKey());
            }
        }
        for (String callId : idle) {
            callLastSeen.remove(callId);
        }
        int left = Math.max(0, count - idle.size());
        callCount.update(left);
        return left;
    }

    private boolean withinRate(String tenant, long now) throws Exception {
        int max = limits.maxFramesPerSecond(tenant);
        if (max == 0) {
            return true;
        }
        long second = now / 1000;
        Long current = rateSecond.value();
        int frames = current != null && current == second ? framesInSecond.value() : 0;
        if (current == null || current != second) {
            rateSecond.update(second);
        }
        if (frames >= max) {
            return false;
        }
        framesInSecond.update(frames + 1);
        return true;
    }

    private static void deadLetter(Context ctx, String reason, Counter counter, String callId, byte[] raw, String source, String detail) {
        counter.inc();
        ctx.output(DEAD_LETTERS, new DeadLetter(DeadLetter.VERSION, source, reason, detail, callId,
                Base64.getEncoder().encodeToString(raw), ctx.timerService().currentProcessingTime()));
    }
}
