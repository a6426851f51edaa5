package io.callscribe.hotwords;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callscribe.contract.DeadLetter;
import io.callscribe.contract.Leg;
import io.callscribe.inference.RecognitionRequest;
import io.callscribe.inference.RequestKind;
import io.callscribe.models.hotwords.HotPhrase;
import io.callscribe.models.hotwords.HotwordLimits;
import io.callscribe.models.hotwords.HotwordSet;
import io.callscribe.pipeline.LegKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which hot words a request gets: its own tenant's, the newest version of file and topic, updates at once. */
class HotwordAttacherTest {

    @TempDir
    Path dir;

    private static RecognitionRequest request(String tenant, RequestKind kind) {
        return new RecognitionRequest(new LegKey(tenant, "call-1", Leg.AGENT), kind, "call-1/agent/0", 1, 0, new short[160],
                List.of(), 0, 0, 0, 0, null, null);
    }

    private static HotwordSet set(String tenant, long version, String phrase) {
        return HotwordSet.tenant(tenant, version, List.of(HotPhrase.of(phrase)), HotwordLimits.DEFAULTS);
    }

    private static HotwordSet last(BroadcastOperatorTestHarness<RecognitionRequest, HotwordSet, RecognitionRequest> h) {
        List<RecognitionRequest> out = h.extractOutputValues();
        return out.get(out.size() - 1).tenantHotwords();
    }

    @Test
    void aRequestGetsItsTenantsNewestSetAndAnUpdateAppliesToTheNextRequest() throws Exception {
        Files.writeString(dir.resolve("acme.yaml"), "version: 2\nphrases:\n  - Harper Valley\n");
        try (var h = ProcessFunctionTestHarnesses.forBroadcastProcessFunction(
                new HotwordAttacher(dir.toString(), HotwordLimits.DEFAULTS), HotwordAttacher.TENANT_SETS)) {
            h.processElement(request("acme", RequestKind.PARTIAL), 1);
            assertEquals(2, last(h).version(), "the file's set");
            h.processElement(request("globex", RequestKind.FINAL), 2);
            assertNull(last(h), "another tenant's words never reach this tenant's requests");

            h.processBroadcastElement(set("acme", 1, "Premium Checking"), 3);
            h.processElement(request("acme", RequestKind.FINAL), 4);
            assertEquals(2, last(h).version(), "an older version on the topic does not replace the file's newer one");

            h.processBroadcastElement(set("acme", 3, "Premium Checking"), 5);
            h.processElement(request("acme", RequestKind.PARTIAL), 6);
            assertEquals(set("acme", 3, "Premium Checking"), last(h), "the update applies to the very next request");
            h.processBroadcastElement(set("acme", 2, "stale"), 7); // a compacted topic replayed after a restart
            h.processElement(request("acme", RequestKind.FINAL), 8);
            assertEquals(3, last(h).version());

            h.processBroadcastElement(set("globex", 1, "Widget Pro"), 9);
            h.processElement(request("globex", RequestKind.FINAL), 10);
            assertEquals("globex", last(h).owner());
            h.processElement(request("acme", RequestKind.LEG_END), 11);
            assertNull(last(h), "a leg's end is not recognized");
        }
    }

    @Test
    void anInvalidUpdateBecomesADeadLetterWithItsProblemsAndAValidOneASet() throws Exception {
        try (OneInputStreamOperatorTestHarness<HotwordRecord, HotwordSet> h = ProcessFunctionTestHarnesses.forProcessFunction(
                new HotwordUpdateParser("hotwords", HotwordLimits.DEFAULTS))) {
            h.processElement(new HotwordRecord("acme", "version: 4\nphrases: [Harper Valley, {text: Zelle, boost: 2}]".getBytes(StandardCharsets.UTF_8), 1), 1);
            h.processElement(new HotwordRecord("acme", "{\"version\": 5, \"phrases\": [{\"text\": \"x\", \"boost\": 99}]}".getBytes(StandardCharsets.UTF_8), 2), 2);
            h.processElement(new HotwordRecord("acme", "version: [".getBytes(StandardCharsets.UTF_8), 3), 3);
            h.processElement(new HotwordRecord(null, "version: 1\nphrases: []".getBytes(StandardCharsets.UTF_8), 4), 4);
            assertEquals(List.of(new HotwordSet("acme", 4, List.of(HotPhrase.of("Harper Valley"), new HotPhrase("Zelle", 2f)))),
                    h.extractOutputValues());
            List<DeadLetter> dead = h.getSideOutput(HotwordUpdateParser.DEAD_LETTERS).stream().map(r -> r.getValue()).toList();
            assertEquals(3, dead.size());
            assertTrue(dead.stream().allMatch(d -> d.reason().equals("invalid-hotwords") && d.source().equals("hotwords")));
            assertTrue(dead.get(0).detail().contains("boost"), dead.get(0).detail());
        }
    }
}
