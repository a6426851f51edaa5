package io.callscribe.contract.codec;

import static io.callscribe.contract.codec.AudioFrameCodecTest.assertReason;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.callscribe.contract.CallEvent;
import io.callscribe.contract.Codec;
import io.callscribe.contract.Leg;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallEventCodecTest {

    private final CallEventCodec codec = new CallEventCodec();

    static CallEvent started() {
        return new CallEvent(CallEvent.VERSION, CallEvent.Type.STARTED, "acme", "call-1",
                List.of(Leg.AGENT, Leg.CUSTOMER), Codec.PCMU, "agent-7", Map.of("queue", "billing"),
                List.of("Kowalczyk", "Premium Plus"), 1_700_000_000_000L, null);
    }

    @Test
    void startedRoundTrips() {
        assertEquals(started(), codec.decode(codec.encode(started())));
    }

    @Test
    void endedRoundTripsWithoutOptionalFields() {
        CallEvent ended = CallEvent.ended("acme", "call-1", 5);
        String json = new String(codec.encode(ended), StandardCharsets.UTF_8);
        assertEquals("{\"v\":1,\"type\":\"ended\",\"tenant\":\"acme\",\"callId\":\"call-1\",\"timestampMs\":5}", json);
        CallEvent decoded = codec.decode(codec.encode(ended));
        assertEquals(ended, decoded);
        assertNull(decoded.legs());
    }

    @Test
    void endedCarriesEachLegsLastFrame() {
        CallEvent ended = codec.decode(utf8("{\"v\":1,\"type\":\"ended\",\"tenant\":\"t\",\"callId\":\"c\","
                + "\"timestampMs\":9000,\"lastFrameMs\":{\"agent\":7000,\"caller\":8980}}"));
        assertEquals(Map.of("agent", 7000L, "customer", 8980L), ended.lastFrameMs());
        assertEquals(7000, ended.legEndMs(Leg.AGENT));
        assertEquals(ended, codec.decode(codec.encode(ended)));
        assertEquals(9000, CallEvent.ended("t", "c", 9000).legEndMs(Leg.AGENT), "without it a leg ends at the hang-up");
        String base = "{\"v\":1,\"type\":\"ended\",\"tenant\":\"t\",\"callId\":\"c\",\"timestampMs\":9000,\"lastFrameMs\":";
        assertReason(FrameRejection.UNKNOWN_LEG, () -> codec.decode(utf8(base + "{\"supervisor\":1}}")));
        assertReason(FrameRejection.BAD_FIELD, () -> codec.decode(utf8(base + "{\"agent\":-1}}")));
        assertReason(FrameRejection.BAD_FIELD, () -> codec.decode(utf8(base + "{\"agent\":\"soon\"}}")));
        assertReason(FrameRejection.BAD_FIELD, () -> codec.decode(utf8(base + "[1,2]}")));
    }

    @Test
    void callerIsReadAsTheCustomerLeg() {
        CallEvent event = codec.decode(utf8("{\"v\":1,\"type\":\"started\",\"tenant\":\"t\",\"callId\":\"c\","
                + "\"legs\":[\"agent\",\"caller\"],\"timestampMs\":1}"));
        assertEquals(List.of(Leg.AGENT, Leg.CUSTOMER), event.legs());
    }

    @Test
    void reasons() {
        assertReason(FrameRejection.EMPTY_RECORD, () -> codec.decode(new byte[0]));
        assertReason(FrameRejection.UNPARSEABLE, () -> codec.decode(utf8("started")));
        assertReason(FrameRejection.UNPARSEABLE, () -> codec.decode(utf8("{\"v\":1")));
        assertReason(FrameRejection.UNSUPPORTED_VERSION, () -> codec.decode(with("\"v\":1", "\"v\":0")));
        assertReason(FrameRejection.UNKNOWN_EVENT_TYPE, () -> codec.decode(with("\"started\"", "\"paused\"")));
        assertReason(FrameRejection.UNKNOWN_LEG, () -> codec.decode(with("\"customer\"", "\"supervisor\"")));
        assertReason(FrameRejection.UNKNOWN_CODEC, () -> codec.decode(with("\"PCMU\"", "\"opus\"")));
        assertReason(FrameRejection.MISSING_FIELD, () -> codec.decode(with("\"callId\":\"call-1\",", "")));
        assertReason(FrameRejection.MISSING_FIELD, () -> codec.decode(with("\"tenant\":\"acme\"", "\"tenant\":\" \"")));
        assertReason(FrameRejection.MISSING_FIELD, () -> codec.decode(with(",\"timestampMs\":1700000000000", "")));
        assertReason(FrameRejection.BAD_FIELD, () -> codec.decode(with("\"queue\":\"billing\"", "\"queue\":3")));
        assertReason(FrameRejection.BAD_FIELD, () -> codec.decode(with("[\"Kowalczyk\",", "[null,")));
        assertReason(FrameRejection.BAD_FIELD, () -> codec.decode(with("\"legs\":[\"agent\",\"customer\"]", "\"legs\":\"agent\"")));
        assertReason(FrameRejection.BAD_FIELD, () -> codec.decode(with("1700000000000", "-1")));
    }

    private byte[] with(String original, String replacement) {
        String json = new String(codec.encode(started()), StandardCharsets.UTF_8);
        if (!json.contains(original)) {
            throw new AssertionError(json + " has no " + original);
        }
        return utf8(json.replace(original, replacement));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
