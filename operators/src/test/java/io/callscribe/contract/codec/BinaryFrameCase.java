package io.callscribe.contract.codec;

import io.callscribe.contract.AudioFrame;
import io.callscribe.contract.Codec;
import io.callscribe.contract.Leg;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * A binary frame written field by field without the codec's checks, so that any field can be out of
 * its range: an unknown codec or leg, set flags, an absurd sample rate or capture time, blank or
 * overlong IDs, an empty or oversized payload, a cut anywhere, bytes after the end.
 *
 * @param cutAt length the frame is truncated to, or -1 for the whole frame
 */
record BinaryFrameCase(int version, int codecCode, int legCode, int flags, long sampleRate, long ssrc, int sequence,
        long rtpTimestamp, long capturedAtMs, String tenant, String callId, int payloadLength, int trailingBytes, int cutAt) {

    byte[] toBytes() {
        byte[] tenantBytes = tenant.getBytes(StandardCharsets.UTF_8);
        byte[] callIdBytes = callId.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(28 + 2 + tenantBytes.length + 2 + callIdBytes.length + 4 + payloadLength + trailingBytes);
        out.put((byte) 'C').put((byte) 'S').put((byte) version).put((byte) codecCode).put((byte) legCode).put((byte) flags)
                .putInt((int) sampleRate).putInt((int) ssrc).putShort((short) sequence).putInt((int) rtpTimestamp)
                .putLong(capturedAtMs)
                .putShort((short) tenantBytes.length).put(tenantBytes)
                .putShort((short) callIdBytes.length).put(callIdBytes)
                .putInt(payloadLength).put(payload()).put(new byte[trailingBytes]);
        byte[] bytes = out.array();
        return cutAt < 0 ? bytes : Arrays.copyOf(bytes, Math.min(cutAt, bytes.length));
    }

    /** Payload bytes that differ by position, so a misplaced read shows. */
    byte[] payload() {
        byte[] payload = new byte[payloadLength];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 31 + 7);
        }
        return payload;
    }

    boolean truncated() {
        return cutAt >= 0 && cutAt < 28 + 2 + tenant.getBytes(StandardCharsets.UTF_8).length + 2
                + callId.getBytes(StandardCharsets.UTF_8).length + 4 + payloadLength + trailingBytes;
    }

    /** Every rule the frame breaks, as the reasons the decoder may give; empty for a valid frame. */
    Set<FrameRejection> violations(int maxPayloadBytes) {
        Set<FrameRejection> reasons = EnumSet.noneOf(FrameRejection.class);
        if (version != AudioFrameCodec.VERSION) {
            reasons.add(FrameRejection.UNSUPPORTED_VERSION);
        }
        if (codecCode < 1 || codecCode > 3) {
            reasons.add(FrameRejection.UNKNOWN_CODEC);
        }
        if (legCode < 1 || legCode > 2) {
            reasons.add(FrameRejection.UNKNOWN_LEG);
        }
        if (flags != 0) {
            reasons.add(FrameRejection.BAD_HEADER);
        }
        boolean l16 = codecCode == 3;
        if (sampleRate < AudioFrameCodec.MIN_SAMPLE_RATE || sampleRate > AudioFrameCodec.MAX_SAMPLE_RATE || (!l16 && sampleRate != 8000)) {
            reasons.add(FrameRejection.BAD_SAMPLE_RATE);
        }
        if (capturedAtMs < 0) {
            reasons.add(FrameRejection.BAD_FIELD);
        }
        for (String id : new String[] {tenant, callId}) {
            if (id.isBlank()) {
                reasons.add(FrameRejection.MISSING_FIELD);
            } else if (id.getBytes(StandardCharsets.UTF_8).length > AudioFrameCodec.MAX_ID_BYTES) {
                reasons.add(FrameRejection.BAD_FIELD);
            }
        }
        if (payloadLength == 0) {
            reasons.add(FrameRejection.EMPTY_PAYLOAD);
        } else if (payloadLength > maxPayloadBytes) {
            reasons.add(FrameRejection.OVERSIZED_PAYLOAD);
        } else if (l16 && payloadLength % 2 != 0) {
            reasons.add(FrameRejection.BAD_PAYLOAD_LENGTH);
        }
        if (trailingBytes > 0) {
            reasons.add(FrameRejection.TRAILING_BYTES);
        }
        if (truncated()) {
            reasons.add(FrameRejection.TRUNCATED);
        }
        if (cutAt == 0) {
            return EnumSet.of(FrameRejection.EMPTY_RECORD);
        }
        if (cutAt == 1) {
            return EnumSet.of(FrameRejection.UNPARSEABLE); // not even the magic is left
        }
        return reasons;
    }

    /** The frame a valid case must decode to. */
    AudioFrame expected() {
        Codec codec = Codec.values()[codecCode - 1];
        Leg leg = legCode == 1 ? Leg.AGENT : Leg.CUSTOMER;
        return new AudioFrame(tenant, callId, leg, ssrc, sequence, rtpTimestamp, codec, (int) sampleRate, payload(), capturedAtMs);
    }
}
