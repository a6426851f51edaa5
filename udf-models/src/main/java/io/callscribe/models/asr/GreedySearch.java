package io.callscribe.models.asr;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

/**
 * Greedy decoding of a batch of segments in lock-step: one decoder call per step for the whole
 * batch. With a bias, the best of the model's top {@value DecodingBias#CANDIDATES} tokens after
 * bonuses wins, the end token counting the take-back of an unfinished match.
 *
 * <p>Biased segments are first decoded as the model alone would, watching whether the bias would
 * ever pick another token. Only those where it would are decoded again following the bias, in a
 * batch of their own (so a bias never touches the numbers of another request's rows), and the
 * biased transcript is kept only where it wins on its merits ({@link BiasVerdict}). A bias that
 * changes no decision costs one candidate check per step.
 */
final class GreedySearch {

    private GreedySearch() {}

    /** One segment's decoding; {@code biasWouldDiffer}: the bias would have chosen another token somewhere. */
    private record Path(DecodedTokens decoded, boolean biasWouldDiffer) {}

    /**
     * @param wordFirst the first token is a word: the end is withheld at the first step
     * @param stop checked before every decoder step; true ends the search with a {@link java.util.concurrent.CancellationException}
     */
    static List<DecodedTokens> decode(MoonshineModel model, OnnxTensor encoded, int[] budgets, DecodingBias[] biases,
            boolean wordFirst, BooleanSupplier stop) throws OrtException {
        List<Path> own = run(model, encoded, budgets, biases, false, wordFirst, stop);
        List<DecodedTokens> result = new ArrayList<>(own.stream().map(Path::decoded).toList());
        int[] steered = IntStream.range(0, own.size()).filter(s -> own.get(s).biasWouldDiffer()).toArray();
        if (steered.length == 0) {
            return result;
        }
        int[] steeredBudgets = new int[steered.length];
        DecodingBias[] steeredBiases = new DecodingBias[steered.length];
        for (int i = 0; i < steered.length; i++) {
            steeredBudgets[i] = budgets[steered[i]];
            steeredBiases[i] = biases[steered[i]];
        }
        try (OnnxTensor steeredEncoded = TensorRows.gather(encoded, steered)) {
            List<Path> biased = run(model, steeredEncoded, steeredBudgets, steeredBiases, true, wordFirst, stop);
            for (int i = 0; i < steered.length; i++) {
                result.set(steered[i], BiasVerdict.keep(steeredBiases[i], biased.get(i).decoded(), result.get(steered[i])));
            }
        }
        return result;
    }

    /** Decodes every segment following the bias ({@code follow}) or the model alone, watching the bias. */
    private static List<Path> run(MoonshineModel model, OnnxTensor encoded, int[] budgets, DecodingBias[] biases, boolean follow,
            boolean wordFirst, BooleanSupplier stop) throws OrtException {
        int batch = budgets.length;
        List<List<RecognizedToken>> tokens = new ArrayList<>();
        List<Set<TranscriptFlag>> flags = new ArrayList<>();
        int[] biasState = new int[batch];
        boolean[] differs = new boolean[batch];
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
                MoonshineModel.checkStop(stop);
                MoonshineModel.Step out = model.step(next, encoded, cache);
                cache.release();
                cache = out.cache();
                boolean endAllowed = step > 0 || !wordFirst;
                for (int b = 0; b < batch; b++) {
                    if (done[b]) {
                        continue;
                    }
                    dist.load(out.logits(), b, out.columns());
                    DecodingBias bias = biases[b];
                    int token = endAllowed ? dist.argmax() : firstWord(dist);
                    // once the bias is known to matter, the model's own path needs it no more
                    if (bias != DecodingBias.NONE && (follow || !differs[b])) {
                        int biased = choose(dist, bias, biasState[b], endAllowed);
                        differs[b] |= biased != token;
                        token = follow ? biased : token;
                    }
                    List<RecognizedToken> seq = tokens.get(b);
                    boolean finished = token == Vocabulary.END;
                    if (!finished) {
                        if (bias != DecodingBias.NONE) {
                            biasState[b] = bias.advance(biasState[b], token).nextState();
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
        List<Path> result = new ArrayList<>(batch);
        for (int b = 0; b < batch; b++) {
            result.add(new Path(new DecodedTokens(tokens.get(b), flags.get(b)), differs[b]));
        }
        return result;
    }

    /** The most likely token that is not the end. */
    private static int firstWord(TokenDistribution dist) {
        int[] top = dist.top(2);
        return top[0] == Vocabulary.END ? top[1] : top[0];
    }

    private static int choose(TokenDistribution dist, DecodingBias bias, int state, boolean endAllowed) {
        int best = -1;
        float bestScore = Float.NEGATIVE_INFINITY;
        for (int token : dist.top(DecodingBias.CANDIDATES)) {
            if (token == Vocabulary.END && !endAllowed) {
                continue;
            }
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
