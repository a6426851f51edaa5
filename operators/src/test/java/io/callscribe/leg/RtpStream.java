package io.callscribe.leg;

import io.callscribe.contract.AudioFrame;
import io.callscribe.contract.Codec;
import io.callscribe.contract.Leg;
import java.util.Arrays;

/**
 * A test RTP stream of 20 ms PCMU frames: frame {@code n} has sequence {@code firstSequence + n} and
 * timestamp {@code firstTimestamp + 160 n}, both wrapped like on the wire, and a payload of 160
 * bytes of value {@code n} so that released frames can be told apart.
 */
record RtpStream(long ssrc, int firstSequence, long firstTimestamp) {

    static final int FRAME_SAMPLES = 160;

    AudioFrame frame(int n, long capturedAtMs) {
        byte[] payload = new byte[FRAME_SAMPLES];
        Arrays.fill(payload, (byte) n);
        return new AudioFrame("tenant", "call", Leg.AGENT, ssrc, (firstSequence + n) & 0xFFFF,
                (firstTimestamp + (long) FRAME_SAMPLES * n) & 0xFFFF_FFFFL, Codec.PCMU, 8000, payload, capturedAtMs);
    }
}
