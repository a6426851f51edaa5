package io.callscribe.contract.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callscribe.contract.AudioFrame;
import io.callscribe.contract.Codec;
import io.callscribe.contract.Leg;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Reads and writes {@link AudioFrame}s as record values of {@code call-audio}. Two forms share the
 * topic and one {@link #decode} reads both: a compact binary frame, and JSON for gateways where
 * writing JSON is easier. Every malformed value fails with a {@link FrameFormatException} naming a
 * {@link FrameRejection}; nothing else is thrown.
 *
 * <h2>Binary frame, version 1</h2>
 * Big-endian (network order), no padding; 28 fixed bytes, then three length-prefixed fields.
 * <table>
 * <caption>Binary audio frame, version 1</caption>
 * <tr><th>Offset</th><th>Size</th><th>Field</th><th>Value</th></tr>
 * <tr><td>0</td><td>2</td><td>magic</td><td>{@code 'C' 'S'} (0x43 0x53)</td></tr>
 * <tr><td>2</td><td>1</td><td>version</td><td>u8, 1</td></tr>
 * <tr><td>3</td><td>1</td><td>codec</td><td>u8: 1 PCMU, 2 PCMA, 3 L16 (big-endian samples)</td></tr>
 * <tr><td>4</td><td>1</td><td>leg</td><td>u8: 1 agent, 2 customer</td></tr>
 * <tr><td>5</td><td>1</td><td>flags</td><td>u8, reserved, 0</td></tr>
 * <tr><td>6</td><td>4</td><td>sampleRate</td><td>u32, Hz, 8000..48000; 8000 for PCMU and PCMA</td></tr>
 * <tr><td>10</td><td>4</td><td>ssrc</td><td>u32, RTP synchronization source</td></tr>
 * <tr><td>14</td><td>2</td><td>sequence</td><td>u16, RTP sequence number</td></tr>
 * <tr><td>16</td><td>4</td><td>rtpTimestamp</td><td>u32, RTP timestamp in samples</td></tr>
 * <tr><td>20</td><td>8</td><td>capturedAtMs</td><td>i64, ms since the epoch, &ge; 0</td></tr>
 * <tr><td>28</td><td>2 + n</td><td>tenant</td><td>u16 length n (1..255), then n bytes UTF-8</td></tr>
 * <tr><td>30 + n</td><td>2 + m</td><td>callId</td><td>u16 length m (1..255), then m bytes UTF-8</td></tr>
 * <tr><td>32 + n + m</td><td>4 + p</td><td>payload</td><td>u32 length p (1..max), then p bytes</td></tr>
 * </table>
 * Nothing may follow the payload. Codes 0 are invalid on purpose, so a zero-filled buffer is refused.
 * 160 bytes of PCMU with a 4-byte tenant and a 36-byte call ID take 232 bytes.
 *
 * <h2>JSON, version 1</h2>
 * A value whose first non-white-space byte is <code>{</code>:
 * <pre>{@code
 * {"v":1,"tenant":"acme","callId":"c-1","leg":"agent","ssrc":305419896,"seq":4711,
 *  "rtpTimestamp":123456,"codec":"PCMU","sampleRate":8000,"payload":"<base64>","capturedAtMs":1700000000000}
 * }</pre>
 * Every field is required; unknown fields are ignored so that writers can add some.
 */
public final class AudioFrameCodec implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final int VERSION = 1;
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 4096;
    public static final int MIN_SAMPLE_RATE = 8000;
    public static final int MAX_SAMPLE_RATE = 48000;
    /** Longest tenant or call ID, in UTF-8 bytes. */
    public static final int MAX_ID_BYTES = 255;

    private static final byte MAGIC_0 = 'C';
    private static final byte MAGIC_1 = 'S';
    private static final int FIXED_HEADER_BYTES = 28;
    private static final long U32_MAX = 0xFFFF_FFFFL;

    private final int maxPayloadBytes;

    /** A codec that accepts payloads up to {@value #DEFAULT_MAX_PAYLOAD_BYTES} bytes. */
    public AudioFrameCodec() {
        this(DEFAULT_MAX_PAYLOAD_BYTES);
    }

    public AudioFrameCodec(int maxPayloadBytes) {
        if (maxPayloadBytes < 1) {
            throw new IllegalArgumentException("maxPayloadBytes must be at least 1, got " + maxPayloadBytes);
        }
        this.maxPayloadBytes = maxPayloadBytes;
    }

    public int maxPayloadBytes() {
        return maxPayloadBytes;
    }

    /**
     * The binary form of a frame.
     *
     * @throws FrameFormatException if the frame breaks a rule that {@link #decode} checks
     */
    public byte[] encode(AudioFrame frame) {
        check(frame.tenant(), frame.callId(), frame.ssrc(), frame.sequence(), frame.rtpTimestamp(), frame.codec(),
                frame.sampleRate(), frame.payload(), frame.capturedAtMs());
        byte[] tenant = frame.tenant().getBytes(StandardCharsets.UTF_8);
        byte[] callId = frame.callId().getBytes(StandardCharsets.UTF_8);
        byte[] payload = frame.payload();
        ByteBuffer out = ByteBuffer.allocate(FIXED_HEADER_BYTES + 2 + tenant.length + 2 + callId.length + 4
                + payload.length);
        out.put(MAGIC_0).put(MAGIC_1).put((byte) VERSION)
                .put((byte) codecCode(frame.codec())).put((byte) legCode(frame.leg())).put((byte) 0)
                .putInt(frame.sampleRate())
                .putInt((int) frame.ssrc())
                .putShort((short) frame.sequence())
                .putInt((int) frame.rtpTimestamp())
                .putLong(frame.capturedAtMs())
                .putShort((short) tenant.length).put(tenant)
                .putShort((short) callId.length).put(callId)
                .putInt(payload.length).put(payload);
        return out.array();
    }

    /**
     * The JSON form of a frame, as UTF-8.
     *
     * @throws FrameFormatException if the frame breaks a rule that {@link #decode} checks
     */
    public byte[] encodeJson(AudioFrame frame) {
        check(frame.tenant(), frame.callId(), frame.ssrc(), frame.sequence(), frame.rtpTimestamp(), frame.codec(),
                frame.sampleRate(), frame.payload(), frame.capturedAtMs());
        ObjectNode json = JsonFields.MAPPER.createObjectNode()
                .put("v", VERSION)
                .put("tenant", frame.tenant())
                .put("callId", frame.callId())
                .put("leg", frame.leg().wireName())
                .put("ssrc", frame.ssrc())
                .put("seq", frame.sequence())
                .put("rtpTimestamp", frame.rtpTimestamp())
                .put("codec", frame.codec().name())
                .put("sampleRate", frame.sampleRate())
                .put("payload", Base64.getEncoder().encodeToString(frame.payload()))
                .put("capturedAtMs", frame.capturedAtMs());
        try {
            return JsonFields.MAPPER.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a binary or JSON frame.
     *
     * @throws FrameFormatException for any value that is not a valid frame; nothing else
     */
    public AudioFrame decode(byte[] value) {
        if (value == null || value.length == 0) {
            throw new FrameFormatException(FrameRejection.EMPTY_RECORD, "the record value is empty");
        }
        if (value.length >= 2 && value[0] == MAGIC_0 && value[1] == MAGIC_1) {
            return decodeBinary(value);
        }
        if (JsonFields.looksLikeJson(value)) {
            return decodeJson(value);
        }
        throw new FrameFormatException(FrameRejection.UNPARSEABLE,
                "neither a binary frame (magic 'CS') nor a JSON object; first byte 0x"
                        + Integer.toHexString(value[0] & 0xFF));
    }

    private AudioFrame decodeBinary(byte[] value) {
        ByteCursor in = new ByteCursor(value, 2);
        int version = in.u8("version");
        if (version != VERSION) {
            throw new FrameFormatException(FrameRejection.UNSUPPORTED_VERSION,
                    "binary frame version " + version + " is not supported (this build reads " + VERSION + ")");
        }
        Codec codec = codecOf(in.u8("codec"));
        Leg leg = legOf(in.u8("leg"));
        int flags = in.u8("flags");
        if (flags != 0) {
            throw new FrameFormatException(FrameRejection.BAD_HEADER,
                    "reserved flags are 0x" + Integer.toHexString(flags) + ", must be 0");
        }
        long sampleRate = in.u32("sampleRate");
        long ssrc = in.u32("ssrc");
        int sequence = in.u16("sequence");
        long rtpTimestamp = in.u32("rtpTimestamp");
        long capturedAtMs = in.i64("capturedAtMs");
        String tenant = in.shortString("tenant");
        String callId = in.shortString("callId");
        long payloadLength = in.u32("payload length");
        checkPayloadLength(payloadLength);
        byte[] payload = in.bytes(payloadLength, "payload");
        if (in.remaining() > 0) {
            throw new FrameFormatException(FrameRejection.TRAILING_BYTES,
                    in.remaining() + " byte(s) follow the payload");
        }
        int rate = checkSampleRate(sampleRate, codec);
        check(tenant, callId, ssrc, sequence, rtpTimestamp, codec, rate, payload, capturedAtMs);
        return new AudioFrame(tenant, callId, leg, ssrc, sequence, rtpTimestamp, codec, rate, payload, capturedAtMs);
    }

    private AudioFrame decodeJson(byte[] value) {
        JsonFields json = JsonFields.parse(value);
        json.requireVersion(VERSION);
        String tenant = json.requiredText("tenant");
        String callId = json.requiredText("callId");
        Leg leg = legOf(json.requiredText("leg"));
        Codec codec = codecOf(json.requiredText("codec"));
        long sampleRate = json.requiredLong("sampleRate");
        long ssrc = json.requiredLong("ssrc");
        long sequence = json.requiredLong("seq");
        long rtpTimestamp = json.requiredLong("rtpTimestamp");
        long capturedAtMs = json.requiredLong("capturedAtMs");
        String base64 = JsonFields.text(json.required("payload"), "payload");
        byte[] payload;
        try {
            payload = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new FrameFormatException(FrameRejection.BAD_FIELD, "field 'payload' is not base64: " + e.getMessage());
        }
        checkPayloadLength(payload.length);
        if (sequence < 0 || sequence > 0xFFFF) {
            throw new FrameFormatException(FrameRejection.BAD_FIELD, "seq " + sequence + " is not in 0..65535");
        }
        int rate = checkSampleRate(sampleRate, codec);
        check(tenant, callId, ssrc, (int) sequence, rtpTimestamp, codec, rate, payload, capturedAtMs);
        return new AudioFrame(tenant, callId, leg, ssrc, (int) sequence, rtpTimestamp, codec, rate, payload,
                capturedAtMs);
    }

    /** The rules both forms share, and that {@link #encode} applies to what it writes. */
    private void check(String tenant, String callId, long ssrc, int sequence, long rtpTimestamp, Codec codec,
            int sampleRate, byte[] payload, long capturedAtMs) {
        checkId(tenant, "tenant");
        checkId(callId, "callId");
        if (ssrc < 0 || ssrc > U32_MAX) {
            throw new FrameFormatException(FrameRejection.BAD_FIELD, "ssrc " + ssrc + " is not a 32-bit unsigned value");
        }
        if (sequence < 0 || sequence > 0xFFFF) {
            throw new FrameFormatException(FrameRejection.BAD_FIELD, "sequence " + sequence + " is not in 0..65535");
        }
        if (rtpTimestamp < 0 || rtpTimestamp > U32_MAX) {
            throw new FrameFormatException(FrameRejection.BAD_FIELD,
                    "rtpTimestamp " + rtpTimestamp + " is not a 32-bit unsigned value");
        }
        if (capturedAtMs < 0) {
            throw new FrameFormatException(FrameRejection.BAD_FIELD, "capturedAtMs " + capturedAtMs + " is negative");
        }
        checkSampleRate(sampleRate, codec);
        checkPayloadLength(payload.length);
        if (codec == Codec.L16 && payload.length % 2 != 0) {
            throw new FrameFormatException(FrameRejection.BAD_PAYLOAD_LENGTH,
                    "an L16 payload has 2 bytes per sample but this one has " + payload.length + " bytes");
        }
    }

    static void checkId(String id, String field) {
        if (id == null || id.isBlank()) {
            throw new FrameFormatException(FrameRejection.MISSING_FIELD, field + " is missing or blank");
        }
        int bytes = id.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_ID_BYTES) {
            throw new FrameFormatException(FrameRejection.BAD_FIELD,
                    field + " is " + bytes + " bytes of UTF-8, at most " + MAX_ID_BYTES + " are allowed");
        }
    }

    private void checkPayloadLength(long length) {
        if (length == 0) {
            throw new FrameFormatException(FrameRejection.EMPTY_PAYLOAD, "the payload is empty");
        }
        if (length > maxPayloadBytes) {
            throw new FrameFormatException(FrameRejection.OVERSIZED_PAYLOAD,
                    "the payload is " + length + " bytes, at most " + maxPayloadBytes + " are allowed");
        }
    }

    private static int checkSampleRate(long sampleRate, Codec codec) {
        if (sampleRate < MIN_SAMPLE_RATE || sampleRate > MAX_SAMPLE_RATE) {
            throw new FrameFormatException(FrameRejection.BAD_SAMPLE_RATE,
                    "sample rate " + sampleRate + " Hz is not in " + MIN_SAMPLE_RATE + ".." + MAX_SAMPLE_RATE);
        }
        if (codec != Codec.L16 && sampleRate != 8000) {
            throw new FrameFormatException(FrameRejection.BAD_SAMPLE_RATE,
                    codec + " is 8000 Hz by definition, not " + sampleRate);
        }
        return (int) sampleRate;
    }

    private static int codecCode(Codec codec) {
        return switch (codec) {
            case PCMU -> 1;
            case PCMA -> 2;
            case L16 -> 3;
        };
    }

    private static Codec codecOf(int code) {
        return switch (code) {
            case 1 -> Codec.PCMU;
            case 2 -> Codec.PCMA;
            case 3 -> Codec.L16;
            default -> throw new FrameFormatException(FrameRejection.UNKNOWN_CODEC,
                    "codec code " + code + " is not 1 (PCMU), 2 (PCMA) or 3 (L16)");
        };
    }

    private static Codec codecOf(String name) {
        try {
            return Codec.fromWire(name);
        } catch (IllegalArgumentException e) {
            throw new FrameFormatException(FrameRejection.UNKNOWN_CODEC, e.getMessage());
        }
    }

    private static int legCode(Leg leg) {
        return switch (leg) {
            case AGENT -> 1;
            case CUSTOMER -> 2;
        };
    }

    private static Leg legOf(int code) {
        return switch (code) {
            case 1 -> Leg.AGENT;
            case 2 -> Leg.CUSTOMER;
            default -> throw new FrameFormatException(FrameRejection.UNKNOWN_LEG,
                    "leg code " + code + " is not 1 (agent) or 2 (customer)");
        };
    }

    static Leg legOf(String name) {
        try {
            return Leg.fromWire(name);
        } catch (IllegalArgumentException e) {
            throw new FrameFormatException(FrameRejection.UNKNOWN_LEG, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "AudioFrameCodec[maxPayloadBytes=" + maxPayloadBytes + "]";
    }
}
