package io.callscribe.leg;

import io.callscribe.contract.AudioFrame;
import io.callscribe.contract.Codec;
import java.util.Arrays;
import java.util.Objects;

/**
 * One frame of a leg's current RTP stream, with its sequence number and timestamp extended past the
 * 16- and 32-bit wrap-around so that they order and subtract correctly.
 *
 * @param sequence extended RTP sequence number
 * @param timestamp extended RTP timestamp, in samples of {@code sampleRate}
 * @param capturedAtMs when the gateway received it
 */
public record ReceivedFrame(long sequence, long timestamp, Codec codec, int sampleRate, byte[] payload,
        long capturedAtMs) implements ReleasedAudio {

    public ReceivedFrame {
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(payload, "payload");
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive, got " + sampleRate);
        }
    }

    static ReceivedFrame of(AudioFrame frame, long sequence, long timestamp) {
        return new ReceivedFrame(sequence, timestamp, frame.codec(), frame.sampleRate(), frame.payload(),
                frame.capturedAtMs());
    }

    /** Samples this frame carries. */
    public int sampleCount() {
        return codec == Codec.L16 ? payload.length / 2 : payload.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReceivedFrame f && sequence == f.sequence && timestamp == f.timestamp
                && codec == f.codec && sampleRate == f.sampleRate && capturedAtMs == f.capturedAtMs
                && Arrays.equals(payload, f.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sequence, timestamp, codec, sampleRate, capturedAtMs) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "ReceivedFrame[seq=" + sequence + " ts=" + timestamp + " " + codec + "@" + sampleRate + " "
                + payload.length + "B]";
    }
}
