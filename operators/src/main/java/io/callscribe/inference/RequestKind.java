package io.callscribe.inference;

/** What a recognition request is for; finals are never shed, partials are, first. */
public enum RequestKind {
    /** The open utterance so far, for live display; may be skipped under load. */
    PARTIAL,
    /** A closed utterance; must produce a transcript (or a FAILED flag). */
    FINAL,
    /** No audio: the leg ended after {@code finalsEmitted} finals; the summary follows them. */
    LEG_END
}
