package io.callscribe.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callscribe.contract.CallEvent;
import io.callscribe.contract.CallInput;
import io.callscribe.contract.DeadLetter;
import io.callscribe.pipeline.LegInput;
import java.util.List;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** Call events reach every leg; a call's hot words that break a limit are dead-lettered once and dropped. */
class InputRouterTest {

    @Test
    void aCallsInvalidHotWordsAreDeadLetteredOnceAndTheCallGoesOnWithoutThem() throws Exception {
        try (var h = ProcessFunctionTestHarnesses.forProcessFunction(new InputRouter())) {
            CallEvent valid = CallEvent.started("acme", "call-1", "agent-7", List.of("Patricia Brown"), 1);
            CallEvent invalid = CallEvent.started("acme", "call-2", "agent-7", List.of("Patricia Brown", "x".repeat(65)), 2);
            h.processElement(CallInput.of(valid), 1);
            h.processElement(CallInput.of(invalid), 2);

            List<LegInput> legs = h.extractOutputValues();
            assertEquals(4, legs.size(), "each event to both legs");
            assertEquals(List.of("Patricia Brown"), legs.get(0).event().hotwords());
            assertNull(legs.get(2).event().hotwords(), "the invalid call's phrases are dropped, the call is not");
            assertEquals("call-2", legs.get(3).event().callId());

            List<DeadLetter> dead = h.getSideOutput(InputRouter.DEAD_LETTERS).stream().map(r -> r.getValue()).toList();
            assertEquals(1, dead.size(), "one dead letter for the event, not one per leg");
            assertEquals("invalid-call-hotwords", dead.get(0).reason());
            assertTrue(dead.get(0).detail().contains("64"), dead.get(0).detail());
            assertEquals("call-2", dead.get(0).key());
        }
    }
}
