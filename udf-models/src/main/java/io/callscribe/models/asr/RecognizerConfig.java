package io.callscribe.models.asr;

/**
 * Search settings of the recognizer.
 *
 * @param beamWidth 1 for greedy decoding, more for beam search (each beam is a row of the decoder
 *     batch: cost grows roughly linearly)
 * @param maxTokensPerSecond token budget per second of audio; stops loops on noise. English speech
 *     runs at about 3-4 tokens per second
 * @param minTokens budget floor for very short segments
 * @param maxBatch most segments encoded and greedily decoded together in one model call
 * @param maxBatchLengthRatio segments are batched only with others at most this much longer, since
 *     the encoder has no padding mask and padding changes what shorter clips see
 */
public record RecognizerConfig(int beamWidth, double maxTokensPerSecond, int minTokens, int maxBatch, double maxBatchLengthRatio) {

    public static final RecognizerConfig GREEDY = new RecognizerConfig(1, 6.5, 8, 8, 1.1);

    public RecognizerConfig {
        if (beamWidth < 1 || beamWidth > 16) {
            throw new IllegalArgumentException("beamWidth must be 1..16, got " + beamWidth);
        }
        if (!(maxTokensPerSecond >= 1 && maxTokensPerSecond <= 50)) {
            throw new IllegalArgumentException("maxTokensPerSecond must be 1..50, got " + maxTokensPerSecond);
        }
        if (minTokens < 1) {
            throw new IllegalArgumentException("minTokens must be >= 1, got " + minTokens);
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be >= 1, got " + maxBatch);
        }
        if (!(maxBatchLengthRatio >= 1)) {
            throw new IllegalArgumentException("maxBatchLengthRatio must be >= 1, got " + maxBatchLengthRatio);
        }
    }

    public RecognizerConfig withBeamWidth(int width) {
        return new RecognizerConfig(width, maxTokensPerSecond, minTokens, maxBatch, maxBatchLengthRatio);
    }

    public RecognizerConfig withMaxBatch(int batch) {
        return new RecognizerConfig(beamWidth, maxTokensPerSecond, minTokens, batch, maxBatchLengthRatio);
    }

    int tokenBudget(int samples, int sampleRate) {
        return Math.max(minTokens, (int) Math.ceil(maxTokensPerSecond * samples / sampleRate));
    }
}
