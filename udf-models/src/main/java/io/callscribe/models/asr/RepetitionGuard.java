package io.callscribe.models.asr;

import java.util.List;

/**
 * Detects the decoder looping ("thank you thank you thank you ..."), which encoder-decoder models do
 * on noise and long silence. A loop is a tail made of at least {@value #MIN_REPEATS} copies of one
 * n-gram (n up to {@value #MAX_NGRAM}) spanning at least {@value #MIN_LOOP_TOKENS} tokens, so that
 * real speech ("no no no") is left alone.
 */
final class RepetitionGuard {

    static final int MAX_NGRAM = 12;
    static final int MIN_REPEATS = 3;
    static final int MIN_LOOP_TOKENS = 12;

    private RepetitionGuard() {}

    /** Index where the loop's second copy begins (everything from there is repetition), or -1. */
    static int loopStart(List<RecognizedToken> tokens) {
        int size = tokens.size();
        for (int n = 1; n <= MAX_NGRAM && n * MIN_REPEATS <= size; n++) {
            int repeats = 1;
            while ((repeats + 1) * n <= size && sameNgram(tokens, size - n, size - (repeats + 1) * n, n)) {
                repeats++;
            }
            if (repeats >= MIN_REPEATS && repeats * n >= MIN_LOOP_TOKENS) {
                return size - (repeats - 1) * n;
            }
        }
        return -1;
    }

    private static boolean sameNgram(List<RecognizedToken> tokens, int a, int b, int n) {
        for (int i = 0; i < n; i++) {
            if (tokens.get(a + i).id() != tokens.get(b + i).id()) {
                return false;
            }
        }
        return true;
    }
}
