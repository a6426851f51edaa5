package io.callscribe.contract.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callscribe.contract.AudioFrame;
import io.callscribe.contract.Codec;
import io.callscribe.contract.Leg;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AudioFrameCodecTest {

    private final AudioFrameCodec codec = new AudioFrameCodec();

    static AudioFrame pcmuFrame() {
        byte[] payload = new byte[160];
        Arrays.fill(payload, (byte) 0xFF);
        payload[0] = 0x12;
        return new AudioFrame("acme", "call-1", Leg.CUSTOMER, 0xFEDC_BA98L, 65535, 0xFFFF_FF00L, Codec.PCMU, 8000,
                payload, 1_700_000_000_123L);
    }

    @Test
    void binaryRoundTripKeepsEveryField() {
        AudioFrame frame = pcmuFrame();
        assertEquals(frame, codec.decode(codec.encode(frame)));
    }

    @Test
    void jsonRoundTripKeepsEveryField() {
        AudioFrame frame = pcmuFrame();
        assertEquals(frame, codec.decode(codec.encodeJson(frame)));
    }

    @Test
    void l16AtSixteenKilohertzRoundTrips() {
        AudioFrame frame = new AudioFrame("t", "c", Leg.AGENT, 1, 0, 0, Codec.L16, 16000, new byte[640], 0);
        assertEquals(frame, codec.decode(codec.encode(frame)));
    }

    @Test
    void binaryLayoutMatchesTheDocumentedTable() {
        byte[] bytes = codec.encode(pcmuFrame());
        ByteBuffer in = ByteBuffer.wrap(bytes);
        assertEquals('C', in.get());
        assertEquals('S', in.get());
        assertEquals(1, in.get());
        assertEquals(1, in.get(), "codec PCMU");
        assertEquals(2, in.get(), "leg customer");
        assertEquals(0, in.get(), "flags");
        assertEquals(8000, in.getInt());
        assertEquals(0xFEDC_BA98L, in.getInt() & 0xFFFF_FFFFL);
        assertEquals(65535, in.getShort() & 0xFFFF);
        assertEquals(0xFFFF_FF00L, in.getInt() & 0xFFFF_FFFFL);
        assertEquals(1_700_000_000_123L, in.getLong());
        assertEquals(28, in.position());
        assertEquals(4, in.getShort());
        byte[] tenant = new byte[4];
        in.get(tenant);
        assertEquals("acme", new String(tenant, StandardCharsets.UTF_8));
        assertEquals(6, in.getShort());
        in.position(in.position() + 6);
        assertEquals(160, in.getInt());
        assertEquals(0x12, in.get());
        assertEquals(28 + 2 + 4 + 2 + 6 + 4 + 160, bytes.length);
    }

    @Test
    void jsonWithLeadingWhiteSpaceAndUnknownFieldsIsRead() {
        String json = " \n {\"v\":1,\"tenant\":\"acme\",\"callId\":\"call-1\",\"leg\":\"agent\",\"ssrc\":7,\"seq\":3,"
                + "\"rtpTimestamp\":480,\"codec\":\"PCMA\",\"sampleRate\":8000,\"payload\":\"1dXV1Q==\","
                + "\"capturedAtMs\":5,\"gateway\":\"sbc-2\"}";
        AudioFrame frame = codec.decode(json.getBytes(StandardCharsets.UTF_8));
        assertEquals(Leg.AGENT, frame.leg());
        assertEquals(Codec.PCMA, frame.codec());
        assertArrayEquals(new byte[] {(byte) 0xD5, (byte) 0xD5, (byte) 0xD5, (byte) 0xD5}, frame.payload());
    }

    @Test
    void encodeRefusesAFrameDecodeWouldRefuse() {
        AudioFrame odd = new AudioFrame("t", "c", Leg.AGENT, 1, 0, 0, Codec.L16, 16000, new byte[3], 0);
        assertReason(FrameRejection.BAD_PAYLOAD_LENGTH, () -> codec.encode(odd));
        assertReason(FrameRejection.BAD_PAYLOAD_LENGTH, () -> codec.encodeJson(odd));
    }

    @Test
    void maximumPayloadIsConfigurable() {
        AudioFrame frame = pcmuFrame();
        byte[] bytes = codec.encode(frame);
        assertReason(FrameRejection.OVERSIZED_PAYLOAD, () -> new AudioFrameCodec(159).decode(bytes));
        assertEquals(frame, new AudioFrameCodec(160).decode(bytes));
    }

    // One test per reason a frame is refused.

    @Test
    void emptyOrNullValueIsAnEmptyRecord() {
        assertReason(FrameRejection.EMPTY_RECORD, () -> codec.decode(new byte[0]));
        assertReason(FrameRejection.EMPTY_RECORD, () -> codec.decode(null));
    }

    @Test
    void wrongMagicIsUnparseable() {
        byte[] bytes = codec.encode(pcmuFrame());
        bytes[1] = 'X';
        assertReason(FrameRejection.UNPARSEABLE, () -> codec.decode(bytes));
        assertReason(FrameRejection.UNPARSEABLE, () -> codec.decode(new byte[] {'C'}));
    }

    @Test
    void invalidJsonIsUnparseable() {
        assertReason(FrameRejection.UNPARSEABLE, () -> codec.decode(utf8("{\"v\":1,")));
        assertReason(FrameRejection.UNPARSEABLE, () -> codec.decode(utf8("{\"v\":1} {}")));
        assertReason(FrameRejection.UNPARSEABLE, () -> codec.decode(utf8("[1,2]")));
    }

    @Test
    void unknownVersionIsUnsupported() {
        byte[] bytes = codec.encode(pcmuFrame());
        bytes[2] = 2;
        assertReason(FrameRejection.UNSUPPORTED_VERSION, () -> codec.decode(bytes));
        assertReason(FrameRejection.UNSUPPORTED_VERSION, () -> codec.decode(jsonWith("\"v\":1", "\"v\":2")));
    }

    @Test
    void reservedFlagsMakeABadHeader() {
        byte[] bytes = codec.encode(pcmuFrame());
        bytes[5] = 1;
        assertReason(FrameRejection.BAD_HEADER, () -> codec.decode(bytes));
    }

    @Test
    void unknownCodecCodeOrName() {
        byte[] bytes = codec.encode(pcmuFrame());
        bytes[3] = 0;
        assertReason(FrameRejection.UNKNOWN_CODEC, () -> codec.decode(bytes));
        assertReason(FrameRejection.UNKNOWN_CODEC, () -> codec.decode(jsonWith("\"codec\":\"PCMU\"", "\"codec\":\"G729\"")));
    }

    @Test
    void unknownLegCodeOrName() {
        byte[] bytes = codec.encode(pcmuFrame());
        bytes[4] = 3;
        assertReason(FrameRejection.UNKNOWN_LEG, () -> codec.decode(bytes));
        assertReason(FrameRejection.UNKNOWN_LEG, () -> codec.decode(jsonWith("\"leg\":\"customer\"", "\"leg\":\"bot\"")));
    }

    @Test
    void everyTruncationIsReportedAsTruncated() {
        byte[] bytes = codec.encode(pcmuFrame());
        for (int length = 3; length < bytes.length; length++) {
            byte[] cut = Arrays.copyOf(bytes, length);
            assertReason(FrameRejection.TRUNCATED, () -> codec.decode(cut));
        }
    }

    @Test
    void aLengthThatOverrunsTheFrameIsTruncated() {
        byte[] bytes = codec.encode(pcmuFrame());
        bytes[28] = 0x7F;
        assertReason(FrameRejection.TRUNCATED, () -> codec.decode(bytes));
    }

    @Test
    void bytesAfterThePayloadAreTrailing() {
        byte[] bytes = codec.encode(pcmuFrame());
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        assertReason(FrameRejection.TRAILING_BYTES, () -> codec.decode(longer));
    }

    @Test
    void emptyTenantOrCallIdIsMissing() {
        AudioFrame frame = pcmuFrame();
        AudioFrame noTenant = new AudioFrame("", frame.callId(), frame.leg(), frame.ssrc(), frame.sequence(),
                frame.rtpTimestamp(), frame.codec(), frame.sampleRate(), frame.payload(), frame.capturedAtMs());
        assertReason(FrameRejection.MISSING_FIELD, () -> codec.encode(noTenant));
        byte[] bytes = codec.encode(frame);
        // Rewrite the tenant "acme" as four spaces: present, but blank.
        bytes[30] = ' ';
        bytes[31] = ' ';
        bytes[32] = ' ';
        bytes[33] = ' ';
        assertReason(FrameRejection.MISSING_FIELD, () -> codec.decode(bytes));
        assertReason(FrameRejection.MISSING_FIELD, () -> codec.decode(jsonWith("\"callId\":\"call-1\"", "\"callId\":\"\"")));
    }

    @Test
    void absentJsonFieldIsMissing() throws IOException {
        for (String field : new String[] {"v", "tenant", "callId", "leg", "ssrc", "seq", "rtpTimestamp", "codec",
                "sampleRate", "payload", "capturedAtMs"}) {
            ObjectNode json = (ObjectNode) new ObjectMapper().readTree(codec.encodeJson(pcmuFrame()));
            json.remove(field);
            assertReason(FrameRejection.MISSING_FIELD, () -> codec.decode(utf8(json.toString())), field);
        }
        assertReason(FrameRejection.MISSING_FIELD, () -> codec.decode(jsonWith("\"seq\":65535", "\"seq\":null")));
    }

    @Test
    void outOfRangeOrMistypedFieldsAreBad() {
        assertReason(FrameRejection.BAD_FIELD, () -> codec.decode(jsonWith("\"seq\":65535", "\"seq\":65536")));
        assertReason(FrameRejection.BAD_FIELD, () -> codec.decode(jsonWith("\"seq\":65535", "\"seq\":-1")));
        assertReason(FrameRejection.BAD_FIELD, () -> codec.decode(jsonWith("\"seq\":65535", "\"seq\":\"1\"")));
        assertReason(FrameRejection.BAD_FIELD, () -> codec.decode(jsonWith("\"seq\":65535", "\"seq\":1.5")));
        assertReason(FrameRejection.BAD_FIELD, () -> codec.decode(jsonWith("\"ssrc\":4275878552", "\"ssrc\":4294967296")));
        assertReason(FrameRejection.BAD_FIELD,
                () -> codec.decode(jsonWith("\"rtpTimestamp\":4294967040", "\"rtpTimestamp\":99999999999999999999")));
        assertReason(FrameRejection.BAD_FIELD,
                () -> codec.decode(jsonWith("\"capturedAtMs\":1700000000123", "\"capturedAtMs\":-1")));
        assertReason(FrameRejection.BAD_FIELD, () -> codec.decode(jsonWith("\"tenant\":\"acme\"", "\"tenant\":7")));
        assertReason(FrameRejection.BAD_FIELD, () -> codec.decode(jsonWith("\"payload\":\"", "\"payload\":\"!!")));
        byte[] bytes = codec.encode(pcmuFrame());
        bytes[30] = (byte) 0xC3; // a UTF-8 lead byte followed by 'c': not UTF-8
        assertReason(FrameRejection.BAD_FIELD, () -> codec.decode(bytes));
        String longId = "x".repeat(256);
        assertReason(FrameRejection.BAD_FIELD, () -> codec.decode(jsonWith("\"callId\":\"call-1\"", "\"callId\":\"" + longId + "\"")));
    }

    @Test
    void sampleRateOutOfRangeOrWrongForG711IsBad() {
        assertReason(FrameRejection.BAD_SAMPLE_RATE, () -> codec.decode(jsonWith("\"sampleRate\":8000", "\"sampleRate\":16000")));
        AudioFrame l16 = new AudioFrame("t", "c", Leg.AGENT, 1, 0, 0, Codec.L16, 16000, new byte[2], 0);
        String json = new String(codec.encodeJson(l16), StandardCharsets.UTF_8);
        assertReason(FrameRejection.BAD_SAMPLE_RATE, () -> codec.decode(utf8(json.replace("16000", "7999"))));
        assertReason(FrameRejection.BAD_SAMPLE_RATE, () -> codec.decode(utf8(json.replace("16000", "48001"))));
        byte[] bytes = codec.encode(l16);
        bytes[6] = (byte) 0xFF; // 4 billion Hz as u32
        assertReason(FrameRejection.BAD_SAMPLE_RATE, () -> codec.decode(bytes));
    }

    @Test
    void emptyPayloadIsRefused() {
        assertReason(FrameRejection.EMPTY_PAYLOAD, () -> codec.decode(jsonWith("\"payload\":\"", "\"payload\":\"\",\"x\":\"")));
    }

    @Test
    void payloadOverTheMaximumIsOversized() {
        AudioFrame big = new AudioFrame("t", "c", Leg.AGENT, 1, 0, 0, Codec.PCMU, 8000, new byte[4097], 0);
        assertReason(FrameRejection.OVERSIZED_PAYLOAD, () -> codec.encode(big));
        byte[] bytes = new AudioFrameCodec(8192).encode(big);
        assertReason(FrameRejection.OVERSIZED_PAYLOAD, () -> codec.decode(bytes));
    }

    @Test
    void oversizedLengthFieldIsReportedBeforeTheMissingBytes() {
        byte[] bytes = codec.encode(pcmuFrame());
        int payloadLengthAt = 28 + 2 + 4 + 2 + 6;
        bytes[payloadLengthAt] = (byte) 0xFF;
        assertReason(FrameRejection.OVERSIZED_PAYLOAD, () -> codec.decode(bytes));
    }

    @Test
    void oddL16PayloadHasABadLength() {
        AudioFrame l16 = new AudioFrame("t", "c", Leg.AGENT, 1, 0, 0, Codec.L16, 16000, new byte[4], 0);
        String json = new String(codec.encodeJson(l16), StandardCharsets.UTF_8);
        assertReason(FrameRejection.BAD_PAYLOAD_LENGTH, () -> codec.decode(utf8(json.replace("\"AAAAAA==\"", "\"AAAA\""))));
    }

    static void assertReason(FrameRejection expected, Runnable decode) {
        assertReason(expected, decode, "");
    }

    static void assertReason(FrameRejection expected, Runnable decode, String context) {
        FrameFormatException e = assertThrows(FrameFormatException.class, decode::run, context);
        assertEquals(expected, e.reason(), context + ": " + e.getMessage());
    }

    private byte[] jsonWith(String original, String replacement) {
        String json = new String(codec.encodeJson(pcmuFrame()), StandardCharsets.UTF_8);
        if (!json.contains(original)) {
            throw new AssertionError(json + " has no " + original);
        }
        return utf8(json.replace(original, replacement));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
