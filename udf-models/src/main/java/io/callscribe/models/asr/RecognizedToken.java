package io.callscribe.models.asr;

/** One decoded token with the model's log-probability for it (bias excluded). */
public record RecognizedToken(int id, float logProb) {}
