package io.callscribe.job;

import io.callscribe.contract.CallEvent;
import io.callscribe.contract.CallInput;
import io.callscribe.contract.DeadLetter;
import io.callscribe.contract.Leg;
import io.callscribe.contract.codec.CallEventCodec;
import io.callscribe.models.hotwords.HotwordException;
import io.callscribe.models.hotwords.HotwordRules;
import io.callscribe.pipeline.LegInput;
import io.callscribe.pipeline.LegKey;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns what the sources read into per-leg input: a frame goes to its leg, a call event to every leg
 * of its call, a dead letter to the side output.
 */
public final class InputRouter extends ProcessFunction<CallInput, LegInput> {

    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("input-dead-letters") {};
    private static final List<Leg> ALL_LEGS = List.of(Leg.AGENT, Leg.CUSTOMER);
    private static final CallEventCodec EVENT_CODEC = new CallEventCodec();

    private final HotwordRules hotwordRules;
    private transient MetricGroup deadLetterMetrics;
    private transient Map<String, Counter> deadLettersByReason;

    /** @param hotwordRules the rules a call's own hot words are checked by, as the recognizer will */
    public InputRouter(HotwordRules hotwordRules) {
        this.hotwordRules = hotwordRules;
    }

    @Override
    public void open(OpenContext context) {
        deadLetterMetrics = getRuntimeContext().getMetricGroup().addGroup("input").addGroup("deadLetters");
        deadLettersByReason = new HashMap<>();
    }

    @Override
    public void processElement(CallInput input, Context ctx, Collector<LegInput> out) {
        switch (input.kind()) {
            case FRAME -> out.collect(LegInput.of(input.frame()));
            case EVENT -> {
                CallEvent event = withCheckedHotwords(input.event(), ctx);
                List<Leg> legs = event.legs() == null || event.legs().isEmpty() ? ALL_LEGS : event.legs();
                for (Leg leg : legs) {
                    out.collect(LegInput.of(new LegKey(event.tenant(), event.callId(), leg), event));
                }
            }
            case DEAD_LETTER -> deadLetter(input.deadLetter(), ctx);
        }
    }

    /**
     * A call's own hot words (from the CRM) that break a limit go to the dead letters, once, before
     * the event is fanned out to the legs; the call goes on without them.
     */
    private CallEvent withCheckedHotwords(CallEvent event, Context ctx) {
        if (event.hotwords() == null || event.hotwords().isEmpty()) {
            return event;
        }
        try {
            hotwordRules.callSet(event.callId(), event.hotwords());
            return event;
        } catch (HotwordException e) {
            deadLetter(new DeadLetter(DeadLetter.VERSION, "call-events", "invalid-call-hotwords", e.getMessage(), event.callId(),
                    Base64.getEncoder().encodeToString(EVENT_CODEC.encode(event)), event.timestampMs()), ctx);
            return new CallEvent(event.version(), event.type(), event.tenant(), event.callId(), event.legs(), event.codec(),
                    event.agentId(), event.metadata(), null, event.timestampMs(), event.lastFrameMs());
        }
    }

    private void deadLetter(DeadLetter deadLetter, Context ctx) {
        deadLettersByReason.computeIfAbsent(deadLetter.reason(), deadLetterMetrics::counter).inc();
        ctx.output(DEAD_LETTERS, deadLetter);
    }
}
