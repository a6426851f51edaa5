package io.callscribe.replay;

/**
 * Network trouble to simulate, each packet decided on its own by a seeded random generator.
 *
 * @param lossRate share of packets dropped, 0 to below 1
 * @param duplicateRate share of delivered packets sent twice, 0 to 1
 * @param jitterMs the most extra delay a packet gets, uniform from 0; packets overtake each other
 *     within this window, so with 20 ms frames and 60 ms jitter a packet moves at most 3 places
 */
public record Impairments(double lossRate, double duplicateRate, int jitterMs) {

    public static final Impairments NONE = new Impairments(0, 0, 0);

    public Impairments {
        if (!(lossRate >= 0 && lossRate < 1)) {
            throw new IllegalArgumentException("lossRate must be in [0, 1), got " + lossRate);
        }
        if (!(duplicateRate >= 0 && duplicateRate <= 1)) {
            throw new IllegalArgumentException("duplicateRate must be in [0, 1], got " + duplicateRate);
        }
        if (jitterMs < 0 || jitterMs > 10_000) {
            throw new IllegalArgumentException("jitterMs must be in 0..10000, got " + jitterMs);
        }
    }
}
