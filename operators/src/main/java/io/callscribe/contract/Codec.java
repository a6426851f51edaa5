package io.callscribe.contract;

/** RTP payload formats accepted on {@code call-audio} (RFC 3551 names). */
public enum Codec {
    /** G.711 mu-law, 8 kHz. */
    PCMU,
    /** G.711 A-law, 8 kHz. */
    PCMA,
    /** Linear PCM, 16-bit signed, big-endian (network order) as RTP carries it; any rate. */
    L16;

    public static Codec fromWire(String value) {
        try {
            return valueOf(value);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown codec '" + value + "' (PCMU, PCMA or L16)");
        }
    }
}
