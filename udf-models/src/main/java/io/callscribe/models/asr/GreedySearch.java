package io.callscribe.models.asr;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

/**
 * Greedy decoding of a batch of segments in lock-step: one decoder call per step for the whole
 * batch.
 *
 * <p>With a bias, each segment is decoded as the model alone would, and a <em>branch</em> forks off
 * wherever one of the model's top {@value DecodingBias#CANDIDATES} tokens begins or goes on with a
 * phrase and, with its bonus and the {@linkplain DecodingBias#promise promise} of the rest of the
 * phrase, outweighs the model's own choice. The branch takes that token with a copy of its
 * segment's decoder cache, then the best token after one token's bonus at each step, and ends as
 * soon as its phrase fails before any phrase is complete. A search weighing only one token's bonus
 * would miss a phrase whose first token the model ranks a little lower; one taking every promise
 * at its word would chase the most promising phrase and drop the one that fits. A branch's
 * transcript replaces the model's own only where it wins on its merits ({@link BiasVerdict}).
 * Branches decode in a batch of their own, one more decoder call per step while any lives, so the
 * model's own rows never share a batch with a bias.
 */
final class GreedySearch {

    /** Branches of one segment alive at once: each costs a row of the branches' batch while it lives. */
    static final int MAX_BRANCHES = 4;

    private GreedySearch() {}

    /** A segment's own path, or a branch of it following the bias. */
    private static final class Row {
        final int segment;
        final boolean branch;
        final List<RecognizedToken> tokens;
        final Set<TranscriptFlag> flags = EnumSet.noneOf(TranscriptFlag.class);
        int biasState;
        /** A branch's bonuses since it forked: back to nothing means its phrase failed. */
        float earned;
        /** The token to feed at the next step: the last one taken, or the end once done. */
        long next;
        boolean done;
        boolean givenUp;

        Row(int segment, boolean branch, List<RecognizedToken> tokens, int biasState, long next) {
            this.segment = segment;
            this.branch = branch;
            this.tokens = tokens;
            this.biasState = biasState;
            this.next = next;
        }
    }

    /** The bias would take {@code token} (log-probability {@code logProb}) where {@code parent} took its own. */
    private record Fork(Row parent, int token, float logProb, int biasState, float margin) {}

    /**
     * @param wordFirst the first token is a word: the end is withheld at the first step
     * @param stop checked before every decoder step; true ends the search with a {@link java.util.concurrent.CancellationException}
     */
    static List<DecodedTokens> decode(MoonshineModel model, OnnxTensor encoded, int[] budgets, DecodingBias[] biases,
            boolean wordFirst, BooleanSupplier stop) throws OrtException {
        int segments = budgets.length;
        List<Row> own = new ArrayList<>();
        int maxBudget = 0;
        for (int s = 0; s < segments; s++) {
            own.add(new Row(s, false, new ArrayList<>(), biases[s].startState(), Vocabulary.START));
            maxBudget = Math.max(maxBudget, budgets[s]);
        }
        List<Row> branches = new ArrayList<>();
        List<Row> everyBranch = new ArrayList<>();
        int[] liveBranches = new int[segments];
        TokenDistribution dist = new TokenDistribution(MoonshineModel.VOCABULARY);
        DecoderCache ownCache = model.emptyCache(segments);
        DecoderCache branchCache = null;
        OnnxTensor branchEncoded = null;
        try {
            for (int step = 0; step <= maxBudget && (anyLive(own) || anyLive(branches)); step++) {
                MoonshineModel.checkStop(stop);
                boolean endAllowed = step > 0 || !wordFirst;
                List<Fork> forks = new ArrayList<>();
                if (anyLive(own)) {
                    MoonshineModel.Step out = model.step(nextTokens(own), encoded, ownCache);
                    ownCache.release();
                    ownCache = out.cache();
                    for (int i = 0; i < segments; i++) {
                        Row row = own.get(i);
                        if (!row.done) {
                            dist.load(out.logits(), i, out.columns());
                            int token = endAllowed ? dist.argmax() : firstWord(dist);
                            if (biases[i] != DecodingBias.NONE) {
                                forks(dist, biases[i], row, token, forks);
                            }
                            take(row, token, dist.logProb(token), biases[i], budgets[i]);
                        }
                    }
                }
                if (anyLive(branches)) {
                    MoonshineModel.Step out = model.step(nextTokens(branches), branchEncoded, branchCache);
                    branchCache.release();
                    branchCache = out.cache();
                    for (int i = 0; i < branches.size(); i++) {
                        Row row = branches.get(i);
                        if (!row.done) {
                            dist.load(out.logits(), i, out.columns());
                            DecodingBias bias = biases[row.segment];
                            int token = choose(dist, bias, row.biasState, endAllowed);
                            take(row, token, dist.logProb(token), bias, budgets[row.segment]);
                            liveBranches[row.segment] -= row.done ? 1 : 0;
                        }
                    }
                }
                List<Row> forked = branchOut(forks, step, liveBranches, biases, budgets);
                if (forked.isEmpty()) {
                    continue;
                }
                everyBranch.addAll(forked);
                int[] kept = IntStream.range(0, branches.size()).filter(i -> !branches.get(i).done).toArray();
                List<Row> joined = new ArrayList<>();
                for (int i : kept) {
                    joined.add(branches.get(i));
                }
                joined.addAll(forked);
                DecoderCache carried = kept.length > 0 ? branchCache : null;
                if (carried == null && branchCache != null) {
                    branchCache.close();
                }
                branchCache = DecoderCache.join(carried, kept, ownCache, forked.stream().mapToInt(r -> r.segment).toArray());
                if (branchEncoded != null) {
                    branchEncoded.close();
                }
                branchEncoded = TensorRows.gather(encoded, joined.stream().mapToInt(r -> r.segment).toArray());
                branches.clear();
                branches.addAll(joined);
            }
        } finally {
            ownCache.close();
            if (branchCache != null) {
                branchCache.close();
            }
            if (branchEncoded != null) {
                branchEncoded.close();
            }
        }
        List<DecodedTokens> result = new ArrayList<>();
        for (Row row : own) {
            result.add(new DecodedTokens(row.tokens, row.flags));
        }
        for (Row row : everyBranch) {
            if (!row.givenUp) {
                result.set(row.segment, BiasVerdict.keep(biases[row.segment], new DecodedTokens(row.tokens, row.flags),
                        result.get(row.segment)));
            }
        }
        return result;
    }

    /** The new branches of this step, most promising first, at most {@value #MAX_BRANCHES} of a segment alive. */
    private static List<Row> branchOut(List<Fork> forks, int step, int[] liveBranches, DecodingBias[] biases, int[] budgets) {
        forks.sort(Comparator.comparingDouble(Fork::margin).reversed());
        List<Row> forked = new ArrayList<>();
        for (Fork fork : forks) {
            Row parent = fork.parent();
            // a parent that just cut a repetition no longer holds the tokens the fork follows
            if (liveBranches[parent.segment] >= MAX_BRANCHES || parent.tokens.size() < step) {
                continue;
            }
            Row branch = new Row(parent.segment, true, new ArrayList<>(parent.tokens.subList(0, step)), fork.biasState(), 0);
            take(branch, fork.token(), fork.logProb(), biases[branch.segment], budgets[branch.segment]);
            if (!branch.done) {
                forked.add(branch);
                liveBranches[branch.segment]++;
            }
        }
        return forked;
    }

    private static boolean anyLive(List<Row> rows) {
        return rows.stream().anyMatch(r -> !r.done);
    }

    private static long[] nextTokens(List<Row> rows) {
        return rows.stream().mapToLong(r -> r.next).toArray();
    }

    /** Appends {@code token} to the row (or ends it), following its bias state and a branch's earnings. */
    private static void take(Row row, int token, float logProb, DecodingBias bias, int budget) {
        boolean finished = token == Vocabulary.END;
        if (bias != DecodingBias.NONE) {
            float bonus = finished ? bias.finish(row.biasState) : bias.advance(row.biasState, token).bonus();
            if (row.branch) {
                row.earned += bonus;
                row.givenUp = row.earned <= 0f;
            }
            if (!finished) {
                row.biasState = bias.advance(row.biasState, token).nextState();
            }
        }
        if (!finished && !row.givenUp) {
            row.tokens.add(new RecognizedToken(token, logProb));
            int loop = RepetitionGuard.loopStart(row.tokens);
            if (loop >= 0) {
                row.tokens.subList(loop, row.tokens.size()).clear();
                row.flags.add(TranscriptFlag.REPETITION);
                finished = true;
            } else if (row.tokens.size() >= budget) {
                row.flags.add(TranscriptFlag.TOKEN_LIMIT);
                finished = true;
            }
        }
        row.done = finished || row.givenUp;
        row.next = row.done ? Vocabulary.END : token;
    }

    /** Forks where a candidate begins or goes on with a phrase and, with all it promises, outweighs the row's own token. */
    private static void forks(TokenDistribution dist, DecodingBias bias, Row row, int own, List<Fork> out) {
        float ownWorth = worth(dist, bias, row.biasState, own);
        for (int token : dist.top(DecodingBias.CANDIDATES)) {
            if (token == own || token == Vocabulary.END || bias.advance(row.biasState, token).bonus() <= 0f) {
                continue;
            }
            float margin = worth(dist, bias, row.biasState, token) - ownWorth;
            if (margin > 0f) {
                out.add(new Fork(row, token, dist.logProb(token), row.biasState, margin));
            }
        }
    }

    /** A token's log-probability, bonus and the promise of the phrase it leaves the hypothesis in. */
    private static float worth(TokenDistribution dist, DecodingBias bias, int state, int token) {
        if (token == Vocabulary.END) {
            return dist.logProb(token) + bias.finish(state);
        }
        DecodingBias.Step step = bias.advance(state, token);
        return dist.logProb(token) + step.bonus() + bias.promise(step.nextState());
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
