package io.callscribe.contract;

import java.util.Arrays;
import java.util.Objects;

/**
 * One RTP packet's audio of one call leg, as an upstream SIP/RTP gateway writes it to
 * {@code call-audio} (key: call ID). About 20 ms: 160 bytes of G.711 at 8 kHz.
 *
 * @param sequence RTP sequence number, 16 bits, wraps around
 * @param rtpTimestamp RTP timestamp, 32 bits unsigned (in a long), in samples of {@code sampleRate}
 * @param capturedAtMs wall-clock time the gateway received the packet; the latency baseline
 */
public record AudioFrame(String tenant, String callId, Leg leg, long ssrc, int sequence, long rtpTimestamp,
        Codec codec, int sampleRate, byte[] payload, long capturedAtMs) {

    public AudioFrame {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(leg, "leg");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(payload, "payload");
    }

    /** Samples this frame carries. */
    public int sampleCount() {
        return codec == Codec.L16 ? payload.length / 2 : payload.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AudioFrame f && tenant.equals(f.tenant) && callId.equals(f.callId) && leg == f.leg
                && ssrc == f.ssrc && sequence == f.sequence && rtpTimestamp == f.rtpTimestamp && codec == f.codec
                && sampleRate == f.sampleRate && capturedAtMs == f.capturedAtMs && Arrays.equals(payload, f.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tenant, callId, leg, ssrc, sequence, rtpTimestamp) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "AudioFrame[" + tenant + "/" + callId + "/" + leg.wireName() + " ssrc=" + ssrc + " seq=" + sequence
                + " ts=" + rtpTimestamp + " " + codec + "@" + sampleRate + " " + payload.length + "B]";
    }
}
