package io.callscribe.inference;

/** What a recognition request is for; finals are never shed, partials are, first. */
public enum RequestKind {
    /** The open utterance so far, for live display; may be skipped under load. */
    PARTIAL,
    /** A closed utterance; must produce a transcript (or a FAILED flag). */
    FINAL,
    /** No audio: the leg ended after {@code finalsEmitted} finals; the summary follows them. */
    LEG_END,
    /**
     * The open utterance up to a pause: exactly the final's audio if the pause becomes the
     * endpoint. Shown like a partial, but recognized with the finals, so that the final, emitted
     * when the pause has lasted the minimum silence, takes its result instead of starting then.
     */
    PAUSE_PARTIAL;

    /** Whether the result is for live display only (never a final). */
    public boolean isPartial() {
        return this == PARTIAL || this == PAUSE_PARTIAL;
    }
}
