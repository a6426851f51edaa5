package io.callscribe.kafka;

import io.callscribe.contract.AudioFrame;
import io.callscribe.contract.Codec;
import io.callscribe.contract.Leg;
import io.callscribe.contract.codec.AudioFrameCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/**
 * Records the job cannot use, as a broken gateway or a hostile producer writes them, each with the
 * dead-letter reason it must get. A plain seeded generator: cheap enough for a million records, and
 * the same logic feeds the property test of {@link CallInputDeserializer} through jqwik.
 *
 * <p>Kinds: random bytes, empty values, binary frames truncated anywhere, oversized payloads,
 * unknown codecs, unsupported versions, negative capture times, JSON frames with absurd sequence
 * numbers or unknown codecs, events of unknown type, with negative timestamps or cut-off JSON.
 */
public final class BadRecords {

    /** One bad record: where it is written and the reason its dead letter must carry. */
    public record BadRecord(String topic, byte[] key, byte[] value, String reason) {}

    private static final int KINDS = 12;

    private final String audioTopic;
    private final String eventsTopic;
    private final int maxPayloadBytes;
    private final byte[] floodKey;
    private final AudioFrameCodec codec;

    /**
     * @param maxPayloadBytes the job's {@code input.max-payload-bytes}; oversized payloads are just above it
     * @param floodCallId half the records carry this call ID as their key (a flood of one call's ID), the rest random keys
     */
    public BadRecords(String audioTopic, String eventsTopic, int maxPayloadBytes, String floodCallId) {
        this.audioTopic = audioTopic;
        this.eventsTopic = eventsTopic;
        this.maxPayloadBytes = maxPayloadBytes;
        this.floodKey = floodCallId.getBytes(StandardCharsets.UTF_8);
        this.codec = new AudioFrameCodec(maxPayloadBytes * 2);
    }

    public BadRecord next(Random random) {
        byte[] key = random.nextBoolean() ? floodKey : ("junk-" + random.nextInt(1_000_000)).getBytes(StandardCharsets.UTF_8);
        String callId = new String(key, StandardCharsets.UTF_8);
        return switch (random.nextInt(KINDS)) {
            case 0 -> {
                byte[] bytes = new byte[1 + random.nextInt(64)];
                random.nextBytes(bytes);
                bytes[0] = (byte) (0x80 | random.nextInt(0x80)); // neither the magic 'C', JSON's '{' nor white space
                yield audio(key, bytes, "unparseable");
            }
            case 1 -> random.nextBoolean() ? audio(key, new byte[0], "empty-record") : event(key, new byte[0], "empty-record");
            case 2 -> {
                byte[] frame = binary(random, callId, 160);
                yield audio(key, Arrays.copyOf(frame, 2 + random.nextInt(frame.length - 2)), "truncated");
            }
            case 3 -> audio(key, binary(random, callId, maxPayloadBytes + 1 + random.nextInt(maxPayloadBytes)), "oversized-payload");
            case 4 -> {
                byte[] frame = binary(random, callId, 160);
                frame[3] = (byte) (random.nextBoolean() ? 0 : 4 + random.nextInt(252));
                yield audio(key, frame, "unknown-codec");
            }
            case 5 -> {
                byte[] frame = binary(random, callId, 160);
                frame[2] = (byte) (2 + random.nextInt(254));
                yield audio(key, frame, "unsupported-version");
            }
            case 6 -> {
                byte[] frame = binary(random, callId, 160);
                ByteBuffer.wrap(frame).putLong(20, Long.MIN_VALUE + random.nextLong(Long.MAX_VALUE)); // capturedAtMs < 0
                yield audio(key, frame, "bad-field");
            }
            case 7 -> {
                long seq = random.nextBoolean() ? 65_536 + random.nextLong(Long.MAX_VALUE - 65_536) : -1 - random.nextInt(1 << 20);
                yield audio(key, jsonFrame(callId, "PCMU", seq), "bad-field");
            }
            case 8 -> audio(key, jsonFrame(callId, random.nextBoolean() ? "G729" : "opus", random.nextInt(65_536)), "unknown-codec");
            case 9 -> event(key, json("{\"v\":1,\"type\":\"%s\",\"tenant\":\"t\",\"callId\":\"%s\",\"timestampMs\":%d}",
                    random.nextBoolean() ? "paused" : "transferred", callId, random.nextLong(1L << 41)), "unknown-event-type");
            case 10 -> event(key, json("{\"v\":1,\"type\":\"ended\",\"tenant\":\"t\",\"callId\":\"%s\",\"timestampMs\":%d}",
                    callId, -1 - random.nextLong(Long.MAX_VALUE)), "bad-field");
            default -> {
                byte[] whole = json("{\"v\":1,\"type\":\"started\",\"tenant\":\"t\",\"callId\":\"%s\",\"timestampMs\":%d,\"legs\":[\"agent\"]}",
                        callId, random.nextLong(1L << 41));
                yield event(key, Arrays.copyOf(whole, 1 + random.nextInt(whole.length - 1)), "unparseable");
            }
        };
    }

    private BadRecord audio(byte[] key, byte[] value, String reason) {
        return new BadRecord(audioTopic, key, value, reason);
    }

    private BadRecord event(byte[] key, byte[] value, String reason) {
        return new BadRecord(eventsTopic, key, value, reason);
    }

    /** A valid binary frame of the call with a payload of {@code payloadBytes} (the codec here allows twice the job's maximum). */
    private byte[] binary(Random random, String callId, int payloadBytes) {
        byte[] payload = new byte[payloadBytes];
        random.nextBytes(payload);
        return codec.encode(new AudioFrame("t", callId, random.nextBoolean() ? Leg.AGENT : Leg.CUSTOMER, random.nextLong(1L << 32),
                random.nextInt(65_536), random.nextLong(1L << 32), Codec.PCMU, 8000, payload, random.nextLong(1L << 41)));
    }

    private static byte[] jsonFrame(String callId, String codecName, long seq) {
        return json("{\"v\":1,\"tenant\":\"t\",\"callId\":\"%s\",\"leg\":\"agent\",\"ssrc\":7,\"seq\":%d,\"rtpTimestamp\":160,"
                + "\"codec\":\"%s\",\"sampleRate\":8000,\"payload\":\"AAECAw==\",\"capturedAtMs\":1700000000000}", callId, seq, codecName);
    }

    private static byte[] json(String format, Object... args) {
        return String.format(format, args).getBytes(StandardCharsets.UTF_8);
    }
}
