package io.callscribe.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.callscribe.contract.AudioFrame;
import io.callscribe.contract.CallEvent;
import io.callscribe.contract.Codec;
import io.callscribe.contract.DeadLetter;
import io.callscribe.contract.Leg;
import io.callscribe.pipeline.LegInput;
import io.callscribe.pipeline.LegKey;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The per-tenant limits on the operator, through Flink's keyed test harness (keyed state, processing time). */
class TenantLimiterTest {

    private static final long IDLE_MS = 60_000;

    @Test
    void aCallBeyondTheTenantsConcurrentCallsIsDeadLetteredWhileOtherTenantsGoOn() throws Exception {
        TenantLimits limits = new TenantLimits(2, 0, Map.of("big", 3), Map.of());
        try (var harness = harness(limits)) {
            for (String call : List.of("a", "b", "c")) {
                harness.processElement(frame("small", call, 0));
            }
            for (String call : List.of("a", "b", "c")) {
                harness.processElement(frame("big", call, 0));
            }
            harness.processElement(started("small", "d"));
            assertEquals(List.of("small/a", "small/b", "big/a", "big/b", "big/c"), admitted(harness));
            assertEquals(List.of("tenant-call-limit:c", "tenant-call-limit:d"), deadLetters(harness));

            // the open calls' later frames pass; when one ends, a new call fits
            harness.processElement(frame("small", "a", 1));
            harness.processElement(ended("small", "b"));
            harness.processElement(frame("small", "c", 1));
            assertEquals(List.of("small/a", "small/b", "big/a", "big/b", "big/c", "small/a", "small/b", "small/c"), admitted(harness));
        }
    }

    @Test
    void aCallSilentForTheIdleTimeoutNoLongerCounts() throws Exception {
        try (var harness = harness(new TenantLimits(1, 0, Map.of(), Map.of()))) {
            harness.processElement(frame("t", "lost", 0)); // its ended event never comes
            harness.processElement(frame("t", "next", 0));
            harness.setProcessingTime(IDLE_MS);
            harness.processElement(frame("t", "next", 1));
            assertEquals(List.of("t/lost", "t/next"), admitted(harness));
            assertEquals(List.of("tenant-call-limit:next"), deadLetters(harness));
        }
    }

    @Test
    void framesBeyondTheTenantsRateAreDeadLetteredUntilTheNextSecond() throws Exception {
        try (var harness = harness(new TenantLimits(0, 3, Map.of(), Map.of("vip", 0)))) {
            harness.setProcessingTime(1_000);
            for (int n = 0; n < 5; n++) {
                harness.processElement(frame("t", "c", n));
                harness.processElement(frame("vip", "c", n));
            }
            harness.setProcessingTime(2_000);
            harness.processElement(frame("t", "c", 5));
            assertEquals(4, admitted(harness).stream().filter("t/c"::equals).count(), "3 in the first second, 1 in the next");
            assertEquals(5, admitted(harness).stream().filter("vip/c"::equals).count(), "a tenant without a limit");
            assertEquals(List.of("tenant-rate-limit:c", "tenant-rate-limit:c"), deadLetters(harness));
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, LegInput, LegInput> harness(TenantLimits limits) throws Exception {
        var harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new TenantLimiter(limits, IDLE_MS)),
                (LegInput in) -> in.key().tenant(), Types.STRING);
        harness.open();
        return harness;
    }

    private static StreamRecord<LegInput> frame(String tenant, String call, int n) {
        return new StreamRecord<>(LegInput.of(new AudioFrame(tenant, call, Leg.AGENT, 1, n, 160L * n, Codec.PCMU, 8000, new byte[160],
                1_700_000_000_000L + 20L * n)));
    }

    private static StreamRecord<LegInput> started(String tenant, String call) {
        CallEvent e = new CallEvent(CallEvent.VERSION, CallEvent.Type.STARTED, tenant, call, null, null, null, null, null, 1L, null);
        return new StreamRecord<>(LegInput.of(new LegKey(tenant, call, Leg.AGENT), e));
    }

    private static StreamRecord<LegInput> ended(String tenant, String call) {
        CallEvent e = new CallEvent(CallEvent.VERSION, CallEvent.Type.ENDED, tenant, call, null, null, null, null, null, 2L, null);
        return new StreamRecord<>(LegInput.of(new LegKey(tenant, call, Leg.AGENT), e));
    }

    private static List<String> admitted(KeyedOneInputStreamOperatorTestHarness<String, LegInput, LegInput> harness) {
        return harness.extractOutputValues().stream().map(in -> in.key().tenant() + "/" + in.key().callId()).toList();
    }

    private static List<String> deadLetters(KeyedOneInputStreamOperatorTestHarness<String, LegInput, LegInput> harness) {
        var side = harness.getSideOutput(TenantLimiter.DEAD_LETTERS);
        return side == null ? List.of() : side.stream().map(r -> (DeadLetter) r.getValue()).map(d -> d.reason() + ":" + d.key()).toList();
    }
}
