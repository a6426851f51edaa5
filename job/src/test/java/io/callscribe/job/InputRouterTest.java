package io.callscribe.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callscribe.contract.CallEvent;
import io.callscribe.contract.CallInput;
import io.callscribe.contract.DeadLetter;
import io.callscribe.models.hotwords.HotwordRules;
import io.callscribe.pipeline.LegInput;
import org.apache.flink.configuration.Configuration;
import java.util.List;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** Call events reach every leg; a call's hot words that break a limit are dead-lettered once and dropped. */
class InputRouterTest {

    @Test
    void aCallsInvalidHotWordsAreDeadLetteredOnceAndTheCallGoesOnWithoutThem() throws Exception {
        try (var h = ProcessFunctionTestHarnesses.forProcessFunction(new InputRouter(HotwordRules.DEFAULTS))) {
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

    @Test
    void theLimitsAreTheJobsSettings() throws Exception {
        Configuration conf = new Configuration();
        conf.set(JobOptions.HOTWORDS_MAX_CALL_PHRASES, 1);
        conf.set(JobOptions.HOTWORDS_CALL_BOOST, 3.0);
        HotwordRules rules = TranscriptionPipeline.hotwordRules(conf);
        assertEquals(3.0f, rules.callBoost());
        assertEquals(3.0f, rules.callSet("call-1", List.of("Patricia Brown")).phrases().get(0).boost());
        try (var h = ProcessFunctionTestHarnesses.forProcessFunction(new InputRouter(rules))) {
            h.processElement(CallInput.of(CallEvent.started("acme", "call-1", "agent-7", List.of("Patricia Brown", "Harper"), 1)), 1);
            List<DeadLetter> dead = h.getSideOutput(InputRouter.DEAD_LETTERS).stream().map(r -> r.getValue()).toList();
            assertEquals(1, dead.size(), "two phrases break a limit of one");
            assertTrue(dead.get(0).detail().contains("1"), dead.get(0).detail());
        }
        conf.set(JobOptions.HOTWORDS_CALL_BOOST, 9.0);
        assertThrows(IllegalArgumentException.class, () -> TranscriptionPipeline.hotwordRules(conf), "above max-boost");
    }
}
