package io.callscribe.contract.codec;

import static io.callscribe.contract.codec.JsonRecordCase.NODES;
import static io.callscribe.contract.codec.JsonRecordCase.concat;
import static io.callscribe.contract.codec.JsonRecordCase.field;
import static io.callscribe.contract.codec.JsonRecordCase.missing;
import static io.callscribe.contract.codec.JsonRecordCase.wrong;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callscribe.contract.AudioFrame;
import io.callscribe.contract.CallEvent;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;

/**
 * Property tests (jqwik, with shrinking) of the two input decoders: any value either decodes to a
 * valid frame or event, or is refused with a {@link FrameFormatException} whose reason names what is
 * wrong with it; never another exception. Structured cases break chosen fields on purpose, so the
 * test also knows which values must be accepted and which reasons a refusal may give.
 */
class DecoderPropertiesTest {

    private static final int MAX_PAYLOAD = AudioFrameCodec.DEFAULT_MAX_PAYLOAD_BYTES;

    private final AudioFrameCodec frames = new AudioFrameCodec(MAX_PAYLOAD);
    private final CallEventCodec events = new CallEventCodec();

    // ---- any bytes ----

    @Property(tries = 3000)
    void anyBytesAreAFrameOrRefused(@ForAll @Size(max = 600) byte[] value) {
        decodeOrRefuse(value, frames::decode);
    }

    @Property(tries = 3000)
    void anyBytesAfterTheMagicAreAFrameOrRefused(@ForAll @Size(max = 400) byte[] tail) {
        byte[] value = new byte[tail.length + 3];
        value[0] = 'C';
        value[1] = 'S';
        value[2] = 1;
        System.arraycopy(tail, 0, value, 3, tail.length);
        assertNotNull(decodeOrRefuse(value, frames::decode), "random bytes after a frame header are never a frame");
    }

    @Property(tries = 3000)
    void anyBytesAreAnEventOrRefused(@ForAll @Size(max = 600) byte[] value) {
        decodeOrRefuse(value, events::decode);
    }

    @Property(tries = 2000)
    void anyTextIsAnEventOrRefused(@ForAll("jsonish") String text) {
        decodeOrRefuse(text.getBytes(java.nio.charset.StandardCharsets.UTF_8), events::decode);
        decodeOrRefuse(text.getBytes(java.nio.charset.StandardCharsets.UTF_8), frames::decode);
    }

    // ---- structured but wrong ----

    @Property(tries = 3000)
    void aBinaryFrameDecodesExactlyWhenEveryFieldIsValid(@ForAll("binaryFrames") BinaryFrameCase frame) {
        Set<FrameRejection> violations = frame.violations(MAX_PAYLOAD);
        FrameRejection refused = decodeOrRefuse(frame.toBytes(), value -> {
            AudioFrame decoded = frames.decode(value);
            assertEquals(frame.expected(), decoded);
            assertEquals(decoded, frames.decode(frames.encode(decoded)));
            return decoded;
        });
        if (violations.isEmpty()) {
            assertNull(refused, "a valid frame is accepted");
        } else {
            assertTrue(violations.contains(refused), "refused as " + refused + ", not for one of its faults " + violations);
        }
    }

    @Property(tries = 3000)
    void aJsonFrameDecodesExactlyWhenEveryFieldIsValid(@ForAll("jsonFrames") JsonRecordCase frame) {
        checkVerdict(frame, frames::decode);
    }

    @Property(tries = 3000)
    void aCallEventDecodesExactlyWhenEveryFieldIsValid(@ForAll("callEvents") JsonRecordCase event) {
        checkVerdict(event, value -> {
            CallEvent decoded = events.decode(value);
            assertEquals(decoded, events.decode(events.encode(decoded)));
            return decoded;
        });
    }

    private static void checkVerdict(JsonRecordCase record, Function<byte[], ?> decode) {
        Set<FrameRejection> violations = record.violations();
        FrameRejection refused = decodeOrRefuse(record.toBytes(), decode);
        if (violations.isEmpty()) {
            assertNull(refused, "a valid record is accepted");
        } else {
            assertTrue(violations.contains(refused), "refused as " + refused + ", not for one of its faults " + violations);
        }
    }

    /** The reason the value was refused, or null if it decoded; fails on any other exception. */
    private static FrameRejection decodeOrRefuse(byte[] value, Function<byte[], ?> decode) {
        try {
            assertNotNull(decode.apply(value));
            return null;
        } catch (FrameFormatException e) {
            assertFalse(e.getMessage().isBlank(), "a refusal says why");
            return e.reason();
        }
    }

    // ---- generators ----

    @Provide
    Arbitrary<String> jsonish() {
        Arbitrary<String> piece = Arbitraries.of("{", "}", "[", "]", ",", ":", "\"", "null", "true", "-1", "0", "1e400",
                "99999999999999999999", "1.5", "\"v\"", "1", "\"type\"", "\"ended\"", "\"tenant\"", "\"callId\"", "\"t\"",
                "\"timestampMs\"", "\"legs\"", "\"seq\"", "\"payload\"", "\"\\ud800\"", "\u00e9", "\\", " ");
        return piece.list().ofMaxSize(40).map(pieces -> "{" + String.join("", pieces));
    }

    /** IDs: usually short and valid, sometimes blank, over 255 bytes of UTF-8, or non-ASCII. */
    private static Arbitrary<String> ids() {
        return Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.strings().alpha().numeric().withChars('-', '/').ofMinLength(1).ofMaxLength(40)),
                Tuple.of(1, Arbitraries.of("", " ", "\t")),
                Tuple.of(1, Arbitraries.strings().withCharRange('\u00a0', '\ud7ff').ofMinLength(1).ofMaxLength(200)),
                Tuple.of(1, Arbitraries.strings().alpha().ofMinLength(250).ofMaxLength(300)));
    }

    private static Arbitrary<Long> u32() {
        return Arbitraries.longs().between(0, 0xFFFF_FFFFL);
    }

    @Provide
    Arbitrary<BinaryFrameCase> binaryFrames() {
        Arbitrary<Integer> version = Arbitraries.frequencyOf(Tuple.of(20, Arbitraries.just(1)), Tuple.of(1, Arbitraries.integers().between(0, 255)));
        Arbitrary<Integer> codec = Arbitraries.frequencyOf(Tuple.of(12, Arbitraries.integers().between(1, 3)),
                Tuple.of(1, Arbitraries.integers().between(0, 255)));
        Arbitrary<Integer> leg = Arbitraries.frequencyOf(Tuple.of(12, Arbitraries.integers().between(1, 2)),
                Tuple.of(1, Arbitraries.integers().between(0, 255)));
        Arbitrary<Integer> flags = Arbitraries.frequencyOf(Tuple.of(20, Arbitraries.just(0)), Tuple.of(1, Arbitraries.integers().between(1, 255)));
        Arbitrary<Long> rate = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just(8000L)),
                Tuple.of(2, Arbitraries.of(16000L, 48000L, 7999L, 48001L, 0L)), Tuple.of(1, u32()));
        // Capture times: any instant including negative and the extremes (an absurd clock).
        Arbitrary<Long> capturedAt = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.longs().between(0, 4_102_444_800_000L)),
                Tuple.of(1, Arbitraries.longs()), Tuple.of(1, Arbitraries.of(Long.MIN_VALUE, -1L, Long.MAX_VALUE)));
        Arbitrary<Integer> payloadLength = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.of(160, 320, 640)),
                Tuple.of(2, Arbitraries.integers().between(0, MAX_PAYLOAD + 10)), Tuple.of(1, Arbitraries.integers().between(MAX_PAYLOAD, 70_000)));
        Arbitrary<Integer> trailing = Arbitraries.frequencyOf(Tuple.of(20, Arbitraries.just(0)), Tuple.of(1, Arbitraries.integers().between(1, 4)));
        Arbitrary<Integer> cut = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(-1)), Tuple.of(1, Arbitraries.integers().between(0, 400)));
        Arbitrary<Object[]> header = Combinators.combine(version, codec, leg, flags, rate, capturedAt, payloadLength, trailing)
                .as((v, c, l, f, r, t, p, tr) -> new Object[] {v, c, l, f, r, t, p, tr});
        // Sequence numbers, SSRCs and RTP timestamps: every value of their width, the extremes included.
        return Combinators.combine(header, u32(), Arbitraries.integers().between(0, 0xFFFF), u32(), ids(), ids(), cut)
                .as((h, ssrc, seq, ts, tenant, callId, cutAt) -> new BinaryFrameCase((int) h[0], (int) h[1], (int) h[2], (int) h[3],
                        (long) h[4], ssrc, seq, ts, (long) h[5], tenant, callId, (int) h[6], (int) h[7], cutAt));
    }

    @Provide
    Arbitrary<JsonRecordCase> jsonFrames() {
        String payload = Base64.getEncoder().encodeToString(new byte[160]);
        return JsonRecordCase.combine(List.of(
                version(),
                textId("tenant"),
                textId("callId"),
                field("leg", NODES.textNode("agent"), concat(missing("leg"), List.of(
                        wrong("leg", NODES.textNode("supervisor"), FrameRejection.UNKNOWN_LEG),
                        wrong("leg", NODES.numberNode(1), FrameRejection.BAD_FIELD)))),
                unsigned("ssrc", 0xFFFF_FFFFL),
                unsigned("seq", 0xFFFF),
                unsigned("rtpTimestamp", 0xFFFF_FFFFL),
                field("codec", NODES.textNode("PCMU"), concat(missing("codec"), List.of(
                        wrong("codec", NODES.textNode("G729"), FrameRejection.UNKNOWN_CODEC),
                        wrong("codec", NODES.textNode("opus"), FrameRejection.UNKNOWN_CODEC),
                        wrong("codec", NODES.numberNode(1), FrameRejection.BAD_FIELD)))),
                field("sampleRate", NODES.numberNode(8000), concat(missing("sampleRate"), List.of(
                        wrong("sampleRate", NODES.numberNode(16000), FrameRejection.BAD_SAMPLE_RATE),
                        wrong("sampleRate", NODES.numberNode(-8000), FrameRejection.BAD_SAMPLE_RATE),
                        wrong("sampleRate", NODES.numberNode(Long.MAX_VALUE), FrameRejection.BAD_SAMPLE_RATE),
                        wrong("sampleRate", NODES.textNode("8000"), FrameRejection.BAD_FIELD)))),
                field("payload", NODES.textNode(payload), concat(missing("payload"), List.of(
                        wrong("payload", NODES.textNode(""), FrameRejection.EMPTY_PAYLOAD),
                        wrong("payload", NODES.textNode(Base64.getEncoder().encodeToString(new byte[MAX_PAYLOAD + 1])),
                                FrameRejection.OVERSIZED_PAYLOAD),
                        wrong("payload", NODES.textNode("not base64!"), FrameRejection.BAD_FIELD),
                        wrong("payload", NODES.arrayNode().add(1), FrameRejection.BAD_FIELD)))),
                timestamp("capturedAtMs")));
    }

    @Provide
    Arbitrary<JsonRecordCase> callEvents() {
        return JsonRecordCase.combine(List.of(
                version(),
                field("type", NODES.textNode("ended"), concat(missing("type"), List.of(
                        wrong("type", NODES.textNode("paused"), FrameRejection.UNKNOWN_EVENT_TYPE),
                        wrong("type", NODES.numberNode(2), FrameRejection.BAD_FIELD)))),
                textId("tenant"),
                textId("callId"),
                timestamp("timestampMs"),
                field("legs", NODES.arrayNode().add("agent").add("customer"), List.of(
                        wrong("legs", NODES.arrayNode().add("agent").add("robot"), FrameRejection.UNKNOWN_LEG),
                        wrong("legs", NODES.textNode("agent"), FrameRejection.BAD_FIELD),
                        wrong("legs", NODES.arrayNode().add(1), FrameRejection.BAD_FIELD))),
                field("codec", NODES.textNode("PCMA"), List.of(wrong("codec", NODES.textNode("G722"), FrameRejection.UNKNOWN_CODEC))),
                field("metadata", NODES.objectNode().put("queue", "billing"), List.of(
                        wrong("metadata", NODES.arrayNode(), FrameRejection.BAD_FIELD),
                        wrong("metadata", NODES.objectNode().put("n", 1), FrameRejection.BAD_FIELD))),
                field("hotwords", NODES.arrayNode().add("Harper Valley"), List.of(
                        wrong("hotwords", NODES.objectNode(), FrameRejection.BAD_FIELD),
                        wrong("hotwords", NODES.arrayNode().add(NODES.nullNode()), FrameRejection.BAD_FIELD))),
                field("lastFrameMs", NODES.objectNode().put("agent", 1_700_000_000_000L), List.of(
                        wrong("lastFrameMs", NODES.objectNode().put("robot", 1L), FrameRejection.UNKNOWN_LEG),
                        wrong("lastFrameMs", NODES.objectNode().put("agent", -5L), FrameRejection.BAD_FIELD),
                        wrong("lastFrameMs", NODES.objectNode().put("agent", "soon"), FrameRejection.BAD_FIELD),
                        wrong("lastFrameMs", NODES.numberNode(3), FrameRejection.BAD_FIELD)))));
    }

    private static Arbitrary<JsonRecordCase.Field> version() {
        return field("v", NODES.numberNode(1), concat(missing("v"), List.of(
                wrong("v", NODES.numberNode(2), FrameRejection.UNSUPPORTED_VERSION),
                wrong("v", NODES.numberNode(0), FrameRejection.UNSUPPORTED_VERSION),
                wrong("v", NODES.textNode("1"), FrameRejection.BAD_FIELD),
                wrong("v", NODES.numberNode(1.5), FrameRejection.BAD_FIELD))));
    }

    private static Arbitrary<JsonRecordCase.Field> textId(String name) {
        return field(name, NODES.textNode("c-1"), concat(missing(name), List.of(
                wrong(name, NODES.textNode("  "), FrameRejection.MISSING_FIELD),
                wrong(name, NODES.textNode("x".repeat(AudioFrameCodec.MAX_ID_BYTES + 1)), FrameRejection.BAD_FIELD),
                wrong(name, NODES.numberNode(42), FrameRejection.BAD_FIELD),
                wrong(name, NODES.objectNode(), FrameRejection.BAD_FIELD))));
    }

    /** An unsigned field valid up to {@code max}: absurd values are negative, one past the top, or beyond a long. */
    private static Arbitrary<JsonRecordCase.Field> unsigned(String name, long max) {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(0, max).map(v -> new JsonRecordCase.Field(name, NODES.numberNode(v), null)),
                Arbitraries.of(concat(missing(name), List.<JsonRecordCase.Field>of(
                        wrong(name, NODES.numberNode(-1), FrameRejection.BAD_FIELD),
                        wrong(name, NODES.numberNode(max + 1), FrameRejection.BAD_FIELD),
                        wrong(name, NODES.numberNode(Long.MIN_VALUE), FrameRejection.BAD_FIELD),
                        wrong(name, NODES.numberNode(new java.math.BigInteger("99999999999999999999")), FrameRejection.BAD_FIELD),
                        wrong(name, NODES.numberNode(1e30), FrameRejection.BAD_FIELD),
                        wrong(name, NODES.textNode("7"), FrameRejection.BAD_FIELD)))));
    }

    private static Arbitrary<JsonRecordCase.Field> timestamp(String name) {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(0, Long.MAX_VALUE).map(v -> new JsonRecordCase.Field(name, NODES.numberNode(v), null)),
                Arbitraries.longs().between(Long.MIN_VALUE, -1).map(v -> wrong(name, NODES.numberNode(v), FrameRejection.BAD_FIELD)),
                Arbitraries.of(concat(missing(name), List.of(
                        wrong(name, NODES.numberNode(12.5), FrameRejection.BAD_FIELD),
                        wrong(name, NODES.textNode("yesterday"), FrameRejection.BAD_FIELD)))));
    }
}
