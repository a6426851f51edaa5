package io.callscribe.job;

import io.callscribe.contract.CallInput;
import io.callscribe.contract.DeadLetter;
import io.callscribe.contract.Leg;
import io.callscribe.pipeline.LegInput;
import io.callscribe.pipeline.LegKey;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

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

    private transient MetricGroup deadLetterMetrics;
    private transient Map<String, Counter> deadLettersByReason;

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
                List<Leg> legs = input.event().legs() == null || input.event().legs().isEmpty() ? ALL_LEGS : input.event().legs();
                for (Leg leg : legs) {
                    out.collect(LegInput.of(new LegKey(input.event().tenant(), input.event().callId(), leg), input.event()));
                }
            }
            case DEAD_LETTER -> {
                deadLettersByReason.computeIfAbsent(input.deadLetter().reason(), deadLetterMetrics::counter).inc();
                ctx.output(DEAD_LETTERS, input.deadLetter());
            }
        }
    }
}
