package io.callscribe.contract.codec;

/**
 * Why an input record was refused: a stable code for dead letters, metrics and alerting. The
 * {@link #code()} strings are part of the wire contract; add new ones, never rename.
 */
public enum FrameRejection {
    /** Neither a binary frame (magic {@code CS}) nor JSON, or JSON that does not parse. */
    UNPARSEABLE("unparseable"),
    /** A null (tombstone) or zero-length record value. */
    EMPTY_RECORD("empty-record"),
    /** A format version this build does not know. */
    UNSUPPORTED_VERSION("unsupported-version"),
    /** A binary header whose reserved bits are set. */
    BAD_HEADER("bad-header"),
    /** A binary frame that ends before its last field, or a length that runs past its end. */
    TRUNCATED("truncated"),
    /** Bytes after a binary frame's payload. */
    TRAILING_BYTES("trailing-bytes"),
    UNKNOWN_CODEC("unknown-codec"),
    UNKNOWN_LEG("unknown-leg"),
    /** A call event whose type is not {@code started} or {@code ended}. */
    UNKNOWN_EVENT_TYPE("unknown-event-type"),
    /** A required field that is absent, null or blank (tenant, call ID, ...). */
    MISSING_FIELD("missing-field"),
    /** A field of the wrong type or out of its range (sequence, SSRC, timestamps, base64, UTF-8). */
    BAD_FIELD("bad-field"),
    /** A sample rate outside 8000..48000 Hz, or G.711 at a rate other than 8000 Hz. */
    BAD_SAMPLE_RATE("bad-sample-rate"),
    EMPTY_PAYLOAD("empty-payload"),
    /** A payload over the configured maximum. */
    OVERSIZED_PAYLOAD("oversized-payload"),
    /** A payload length the codec cannot have, e.g. an odd number of L16 bytes. */
    BAD_PAYLOAD_LENGTH("bad-payload-length"),
    /** A record from a topic the job does not read. */
    UNKNOWN_TOPIC("unknown-topic"),
    /** The decoder itself failed; a bug, dead-lettered rather than failing the job. */
    DECODER_ERROR("decoder-error");

    private final String code;

    FrameRejection(String code) {
        this.code = code;
    }

    /** The stable wire name, e.g. {@code unknown-codec}. */
    public String code() {
        return code;
    }
}
