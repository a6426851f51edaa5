package io.callscribe.models.asr;

/** Why a transcript deserves a second look. */
public enum TranscriptFlag {
    /** Decoding hit the token budget for the audio's length and was cut. */
    TOKEN_LIMIT,
    /** The decoder repeated itself and the repetition was removed. */
    REPETITION,
    /**
     * The model ended before its first word on a segment the VAD found speech in; the words come from
     * decoding it again with the end withheld at the first step, and their confidence says how sure it is.
     */
    END_AT_START
}
