package io.callscribe.models.asr;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Greedy decoding of a batch of segments in lock-step: one decoder call per step for the whole
 * batch. With a bias, the best of the model's top {@value DecodingBias#CANDIDATES} tokens after
 * bonuses wins; the end token counts the bias's take-back of an unfinished match.
 */
final class GreedySearch {

    private GreedySearch() {}

    static List<DecodedTokens> decode(MoonshineModel model, OnnxTensor encoded, int[] budgets, DecodingBias[] biases)
            throws OrtException {
        int batch = budgets.length;
        List<List<RecognizedToken>> tokens = new ArrayList<>();
        List<Set<TranscriptFlag>> flags = new ArrayList<>();
        int[] biasState = new int[batch];
        boolean[] done = new boolean[batch];
        long[] next = new long[batch];
        int maxBudget = 0;
        for (int b = 0; b < batch; b++) {
            tokens.add(new ArrayList<>());
            flags.add(EnumSet.noneOf(TranscriptFlag.class));
            biasState[b] = biases[b].startState();
            next[b] = Vocabulary.START;
            maxBudget = Math.max(maxBudget, budgets[b]);
        }
        TokenDistribution dist = new TokenDistribution(MoonshineModel.VOCABULARY);
        DecoderCache cache = model.emptyCache(batch);
        try {
            int remaining = batch;
            for (int step = 0; step <= maxBudget && remaining > 0; step++) {
                MoonshineModel.Step out = model.step(next, encoded, cache);
                cache.release();
                cache = out.cache();
                for (int b = 0; b < batch; b++) {
                    if (done[b]) {
                        continue;
                    }
                    dist.load(out.logits(), b, out.columns());
                    int token = choose(dist, biases[b], biasState[b]);
                    List<RecognizedToken> seq = tokens.get(b);
                    boolean finished = token == Vocabulary.END;
                    if (!finished) {
                        if (biases[b] != DecodingBias.NONE) {
                            biasState[b] = biases[b].advance(biasState[b], token).nextState();
                        }
                        seq.add(new RecognizedToken(token, dist.logProb(token)));
                        int loop = RepetitionGuard.loopStart(seq);
                        if (loop >= 0) {
                            seq.subList(loop, seq.size()).clear();
                            flags.get(b).add(TranscriptFlag.REPETITION);
                            finished = true;
                        } else if (seq.size() >= budgets[b]) {
                            flags.get(b).add(TranscriptFlag.TOKEN_LIMIT);
                            finished = true;
                        }
                    }
                    if (finished) {
                        done[b] = true;
                        remaining--;
                        token = Vocabulary.END;
                    }
                    next[b] = token;
                }
            }
        } finally {
            cache.close();
        }
        List<DecodedTokens> result = new ArrayList<>(batch);
        for (int b = 0; b < batch; b++) {
            result.add(new DecodedTokens(tokens.get(b), flags.get(b)));
        }
        return result;
    }

    private static int choose(TokenDistribution dist, DecodingBias bias, int state) {
        if (bias == DecodingBias.NONE) {
            return dist.argmax();
        }
        int best = -1;
        float bestScore = Float.NEGATIVE_INFINITY;
        for (int token : dist.top(DecodingBias.CANDIDATES)) {
            float score = dist.logProb(token)
                    + (token == Vocabulary.END ? bias.finish(state) : bias.advance(state, token).bonus());
            if (score > bestScore) {
                bestScore = score;
                best = token;
            }
        }
        return best;
    }
}
