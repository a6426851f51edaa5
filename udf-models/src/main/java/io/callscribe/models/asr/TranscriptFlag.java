package io.callscribe.models.asr;

/** Why a transcript deserves a second look. */
public enum TranscriptFlag {
    /** Decoding hit the token budget for the audio's length and was cut. */
    TOKEN_LIMIT,
    /** The decoder repeated itself and the repetition was removed. */
    REPETITION
}
