package io.callscribe.replay;

import io.callscribe.contract.AudioFrame;
import io.callscribe.contract.Codec;
import io.callscribe.contract.Leg;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One leg's RTP stream: its audio cut into frames with sequence numbers and timestamps that start at
 * random values and wrap like real RTP, then lost, duplicated and delayed as {@link Impairments} say.
 */
final class LegPackets {

    /** A packet and when it reaches the gateway, in microseconds after the call starts. */
    record Arrival(long arrivalMicros, int legOrder, long frameIndex, AudioFrame frame) {}

    private LegPackets() {
    }

    /**
     * @param samples the leg's audio at {@code sampleRate}
     * @param random drawn from in a fixed order, so a seed gives the same stream every time
     */
    static List<Arrival> arrivals(String tenant, String callId, Leg leg, long ssrc, float[] samples, Codec codec,
            int sampleRate, int frameMillis, Impairments impairments, long startTimeMs, Random random) {
        int samplesPerFrame = sampleRate * frameMillis / 1000;
        long frames = (samples.length + samplesPerFrame - 1L) / samplesPerFrame;
        int firstSequence = random.nextInt(1 << 16);
        long firstTimestamp = random.nextLong() & 0xFFFF_FFFFL;
        long frameMicros = frameMillis * 1000L;
        int jitterMicros = impairments.jitterMs() * 1000;
        List<Arrival> arrivals = new ArrayList<>();
        for (long i = 0; i < frames; i++) {
            boolean lost = random.nextDouble() < impairments.lossRate();
            boolean duplicated = random.nextDouble() < impairments.duplicateRate();
            long delay = jitterMicros == 0 ? 0 : random.nextInt(jitterMicros + 1);
            if (lost) {
                continue;
            }
            long arrival = i * frameMicros + delay;
            byte[] payload = PayloadEncoder.encode(codec, samples, (int) (i * samplesPerFrame), samplesPerFrame);
            AudioFrame frame = new AudioFrame(tenant, callId, leg, ssrc, (int) ((firstSequence + i) & 0xFFFF),
                    (firstTimestamp + i * samplesPerFrame) & 0xFFFF_FFFFL, codec, sampleRate, payload,
                    startTimeMs + arrival / 1000);
            arrivals.add(new Arrival(arrival, leg.ordinal(), i, frame));
            if (duplicated) {
                // A duplicate arrives right behind its original, as a retransmitting network sends it.
                arrivals.add(new Arrival(arrival, leg.ordinal(), i, frame));
            }
        }
        return arrivals;
    }
}
