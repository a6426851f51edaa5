package io.callscribe.contract.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.callscribe.contract.AudioFrame;
import io.callscribe.contract.CallEvent;
import io.callscribe.contract.Codec;
import io.callscribe.contract.Leg;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Property tests: whatever bytes arrive, decoding either yields a value that survives a round trip
 * or throws a {@link FrameFormatException}; never an NPE, an index error or anything else.
 */
class CodecFuzzTest {

    private static final int CASES = 100_000;
    private static final String[] JSON_PIECES = {"{", "}", "[", "]", ",", ":", "\"", "null", "true", "-1", "0", "1e9",
        "65536", "4294967296", "9223372036854775808", "1.5", "\"v\"", "\"seq\"", "\"payload\"", "\"AAAA\"", "\"\\u0000\"",
        "\"leg\"", "\"agent\"", "\"codec\"", "\"L16\"", "\"sampleRate\"", "16000", " ", "\u00e9", "\\"};

    private final AudioFrameCodec frames = new AudioFrameCodec();
    private final CallEventCodec events = new CallEventCodec();

    @Test
    void audioFrameDecodingNeverFailsOtherwise() {
        Random random = new Random(20240611L);
        byte[] binary = frames.encode(AudioFrameCodecTest.pcmuFrame());
        byte[] json = frames.encodeJson(AudioFrameCodecTest.pcmuFrame());
        Map<FrameRejection, Integer> seen = new EnumMap<>(FrameRejection.class);
        int accepted = 0;
        for (int i = 0; i < CASES; i++) {
            byte[] input = switch (i % 6) {
                case 0 -> randomBytes(random, random.nextInt(64));
                case 1 -> withPrefix(new byte[] {'C', 'S', 1}, randomBytes(random, random.nextInt(300)));
                case 2 -> mutate(random, binary);
                case 3 -> resize(random, mutate(random, binary));
                case 4 -> mutate(random, json);
                default -> randomJson(random);
            };
            if (decodeOnce(input, frames::decode, seen, i, f -> frames.decode(frames.encode(f)))) {
                accepted++;
            }
        }
        assertTrue(accepted > 100, "some mutations stay valid frames: " + accepted);
        assertTrue(seen.size() >= 12, "the inputs reach most rejections: " + seen);
    }

    @Test
    void callEventDecodingNeverFailsOtherwise() {
        Random random = new Random(77L);
        byte[] json = events.encode(CallEventCodecTest.started());
        Map<FrameRejection, Integer> seen = new EnumMap<>(FrameRejection.class);
        for (int i = 0; i < CASES / 2; i++) {
            byte[] input = switch (i % 3) {
                case 0 -> randomBytes(random, random.nextInt(64));
                case 1 -> mutate(random, json);
                default -> randomJson(random);
            };
            decodeOnce(input, events::decode, seen, i, e -> events.decode(events.encode(e)));
        }
        assertTrue(seen.size() >= 6, "the inputs reach most rejections: " + seen);
    }

    /** True if the input decoded; then encoding and decoding again must give the same value. */
    private static <T> boolean decodeOnce(byte[] input, Function<byte[], T> decode,
            Map<FrameRejection, Integer> seen, int index, Function<T, T> roundTrip) {
        try {
            T value = decode.apply(input);
            assertEquals(value, roundTrip.apply(value), "case " + index);
            return true;
        } catch (FrameFormatException e) {
            seen.merge(e.reason(), 1, Integer::sum);
            return false;
        } catch (RuntimeException | Error e) {
            fail("case " + index + " threw " + e + " for input " + HexFormat.of().formatHex(input), e);
            return false;
        }
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] withPrefix(byte[] prefix, byte[] tail) {
        byte[] out = Arrays.copyOf(prefix, prefix.length + tail.length);
        System.arraycopy(tail, 0, out, prefix.length, tail.length);
        return out;
    }

    /** One to four bytes replaced, biased to the header where the interesting fields are. */
    private static byte[] mutate(Random random, byte[] original) {
        byte[] bytes = original.clone();
        int changes = 1 + random.nextInt(4);
        for (int c = 0; c < changes; c++) {
            int at = random.nextBoolean() ? random.nextInt(Math.min(48, bytes.length)) : random.nextInt(bytes.length);
            bytes[at] = random.nextInt(4) == 0 ? (byte) random.nextInt(4) : (byte) random.nextInt(256);
        }
        return bytes;
    }

    private static byte[] resize(Random random, byte[] bytes) {
        return Arrays.copyOf(bytes, random.nextInt(bytes.length + 8));
    }

    private static byte[] randomJson(Random random) {
        StringBuilder json = new StringBuilder("{\"v\":1,");
        List<String> fields = List.of("tenant", "callId", "leg", "ssrc", "seq", "rtpTimestamp", "codec",
                "sampleRate", "payload", "capturedAtMs", "type", "timestampMs", "legs", "hotwords", "metadata");
        for (String field : fields) {
            if (random.nextInt(8) == 0) {
                continue;
            }
            json.append('"').append(field).append("\":").append(randomJsonValue(random)).append(',');
        }
        if (random.nextInt(4) == 0) {
            json.append(JSON_PIECES[random.nextInt(JSON_PIECES.length)]);
        }
        json.setLength(json.length() - 1);
        return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String randomJsonValue(Random random) {
        return switch (random.nextInt(10)) {
            case 0 -> "null";
            case 1 -> "\"\"";
            case 2 -> Long.toString(random.nextLong() >> random.nextInt(64));
            case 3 -> "\"" + Leg.values()[random.nextInt(2)].wireName() + "\"";
            case 4 -> "\"" + Codec.values()[random.nextInt(3)] + "\"";
            case 5 -> "8000";
            case 6 -> "\"AAECAw==\"";
            case 7 -> "[\"agent\",1]";
            case 8 -> "{\"k\":\"v\"}";
            default -> "\"" + CallEvent.Type.values()[random.nextInt(2)].name().toLowerCase() + "\"";
        };
    }

    @Test
    void validFramesOfEveryShapeRoundTrip() {
        Random random = new Random(5L);
        for (int i = 0; i < 10_000; i++) {
            Codec codec = Codec.values()[random.nextInt(3)];
            int rate = codec == Codec.L16 ? 8000 + random.nextInt(40_001) : 8000;
            int length = 1 + random.nextInt(512);
            byte[] payload = randomBytes(random, codec == Codec.L16 ? length * 2 : length);
            AudioFrame frame = new AudioFrame("t" + random.nextInt(9), "\u00e9-" + random.nextLong(),
                    Leg.values()[random.nextInt(2)], random.nextLong() >>> 32, random.nextInt(65536),
                    random.nextLong() >>> 32, codec, rate, payload, random.nextLong() >>> 1);
            assertEquals(frame, frames.decode(frames.encode(frame)));
            assertEquals(frame, frames.decode(frames.encodeJson(frame)));
        }
    }
}
