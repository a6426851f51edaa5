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
import java.util.stream.Stream;

/**
 * Greedy decoding of a batch of segments in lock-step: one decoder call per step for the whole
 * batch.
 *
 * <p>With a bias, each segment is decoded as the model alone would, and a <em>branch</em> forks off
 * wherever a token that begins or goes on with a phrase ({@linkplain DecodingBias#continuations
 * any of them}, not only the model's most likely few) with its bonus and the {@linkplain
 * DecodingBias#promise promise} of the phrase's next token outweighs the model's own choice. The
 * branch takes that token with a copy of its segment's decoder cache, then the best token after
 * one token's bonus at each step (among the model's top {@value DecodingBias#CANDIDATES} and the
 * phrases' continuations), and ends as
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

    /** Rows decoded in lock-step on one decoder cache: the segments' own paths, or the branches. */
    private static final class Batch implements AutoCloseable {
        final List<Row> rows;
        DecoderCache cache;
        /** The encoder output each row attends to: the segments' own, or a copy of its rows for the branches. */
        OnnxTensor encoded;
        private final boolean ownsEncoded;

        Batch(List<Row> rows, DecoderCache cache, OnnxTensor encoded, boolean ownsEncoded) {
            this.rows = rows;
            this.cache = cache;
            this.encoded = encoded;
            this.ownsEncoded = ownsEncoded;
        }

        boolean live() {
            return rows.stream().anyMatch(r -> !r.done);
        }

        /** One decoder step for every row (finished rows are fed the end token). */
        MoonshineModel.Step step(MoonshineModel model) throws OrtException {
            MoonshineModel.Step out = model.step(rows.stream().mapToLong(r -> r.next).toArray(), encoded, cache);
            cache.release();
            cache = out.cache();
            return out;
        }

        /**
         * The live rows, then the forked ones with copies of their segments' rows of {@code own}'s cache
         * (of the same length: both batches have taken every step so far).
         */
        void add(List<Row> forked, Batch own) throws OrtException {
            int[] kept = IntStream.range(0, rows.size()).filter(i -> !rows.get(i).done).toArray();
            List<Row> joined = new ArrayList<>();
            for (int i : kept) {
                joined.add(rows.get(i));
            }
            joined.addAll(forked);
            DecoderCache carried = kept.length > 0 ? cache : null;
            if (carried == null && cache != null) {
                cache.close();
            }
            cache = DecoderCache.join(carried, kept, own.cache, forked.stream().mapToInt(r -> r.segment).toArray());
            if (encoded != null) {
                encoded.close();
            }
            encoded = TensorRows.gather(own.encoded, joined.stream().mapToInt(r -> r.segment).toArray());
            rows.clear();
            rows.addAll(joined);
        }

        @Override
        public void close() {
            if (cache != null) {
                cache.close();
            }
            if (ownsEncoded && encoded != null) {
                encoded.close();
            }
        }
    }

    /**
     * @param wordFirst the first token is a word: the end is withheld at the first step
     * @param stop checked before every decoder step; true ends the search with a {@link java.util.concurrent.CancellationException}
     */
    static List<DecodedTokens> decode(MoonshineModel model, OnnxTensor encoded, int[] budgets, DecodingBias[] biases,
            boolean wordFirst, BooleanSupplier stop) throws OrtException {
        int segments = budgets.length;
        List<Row> ownRows = new ArrayList<>();
        int maxBudget = 0;
        for (int s = 0; s < segments; s++) {
            ownRows.add(new Row(s, false, new ArrayList<>(), biases[s].startState(), Vocabulary.START));
            maxBudget = Math.max(maxBudget, budgets[s]);
        }
        List<Row> everyBranch = new ArrayList<>();
        TokenDistribution dist = new TokenDistribution(MoonshineModel.VOCABULARY);
        try (Batch own = new Batch(ownRows, model.emptyCache(segments), encoded, false);
             Batch branches = new Batch(new ArrayList<>(), null, null, true)) {
            for (int step = 0; step <= maxBudget && (own.live() || branches.live()); step++) {
                MoonshineModel.checkStop(stop);
                boolean endAllowed = step > 0 || !wordFirst;
                List<Fork> forks = new ArrayList<>();
                for (Batch batch : List.of(own, branches)) {
                    if (batch.live()) {
                        takeStep(batch, batch.step(model), dist, biases, budgets, endAllowed, forks);
                    }
                }
                List<Row> forked = branchOut(forks, step, branches.rows, biases, budgets);
                if (!forked.isEmpty()) {
                    everyBranch.addAll(forked);
                    branches.add(forked, own);
                }
            }
        }
        List<DecodedTokens> result = new ArrayList<>();
        for (Row row : ownRows) {
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

    /** Each live row takes its token: a branch the best after bonuses, an own row the model's, noting its forks. */
    private static void takeStep(Batch batch, MoonshineModel.Step out, TokenDistribution dist, DecodingBias[] biases,
            int[] budgets, boolean endAllowed, List<Fork> forks) {
        for (int i = 0; i < batch.rows.size(); i++) {
            Row row = batch.rows.get(i);
            if (row.done) {
                continue;
            }
            dist.load(out.logits(), i, out.columns());
            DecodingBias bias = biases[row.segment];
            int token;
            if (row.branch) {
                token = choose(dist, bias, row.biasState, endAllowed);
            } else {
                token = endAllowed ? dist.argmax() : firstWord(dist);
                if (bias != DecodingBias.NONE) {
                    forks(dist, bias, row, token, forks);
                }
            }
            take(row, token, dist.logProb(token), bias, budgets[row.segment]);
        }
    }

    /** The new branches of this step, most promising first, at most {@value #MAX_BRANCHES} of a segment alive. */
    private static List<Row> branchOut(List<Fork> forks, int step, List<Row> branches, DecodingBias[] biases, int[] budgets) {
        forks.sort(Comparator.comparingDouble(Fork::margin).reversed());
        List<Row> forked = new ArrayList<>();
        for (Fork fork : forks) {
            Row parent = fork.parent();
            long alive = Stream.concat(branches.stream(), forked.stream())
                    .filter(r -> r.segment == parent.segment && !r.done).count();
            // a parent that just cut a repetition no longer holds the tokens the fork follows
            if (alive >= MAX_BRANCHES || parent.tokens.size() < step) {
                continue;
            }
            Row branch = new Row(parent.segment, true, new ArrayList<>(parent.tokens.subList(0, step)), fork.biasState(), 0);
            take(branch, fork.token(), fork.logProb(), biases[branch.segment], budgets[branch.segment]);
            if (!branch.done) {
                forked.add(branch);
            }
        }
        return forked;
    }

    /** Appends {@code token} to the row (or ends it), following its bias state and a branch's earnings. */
    private static void take(Row row, int token, float logProb, DecodingBias bias, int budget) {
        boolean finished = token == Vocabulary.END;
        if (bias != DecodingBias.NONE) {
            DecodingBias.Step step = finished ? null : bias.advance(row.biasState, token);
            float bonus = finished ? bias.finish(row.biasState) : step.bonus();
            if (row.branch) {
                row.earned += bonus;
                row.givenUp = row.earned <= 0f;
            }
            if (!finished) {
                row.biasState = step.nextState();
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

    /** Forks where a candidate begins or goes on with a phrase and, with what it promises, outweighs the row's own token. */
    private static void forks(TokenDistribution dist, DecodingBias bias, Row row, int own, List<Fork> out) {
        float ownWorth = own == Vocabulary.END
                ? dist.logProb(own) + bias.finish(row.biasState)
                : worth(dist.logProb(own), bias, bias.advance(row.biasState, own));
        for (int token : bias.continuations(row.biasState)) {
            if (token == own) {
                continue;
            }
            DecodingBias.Step step = bias.advance(row.biasState, token);
            float margin = worth(dist.logProb(token), bias, step) - ownWorth;
            if (step.bonus() > 0f && margin > 0f) {
                out.add(new Fork(row, token, dist.logProb(token), row.biasState, margin));
            }
        }
    }

    /** A token's log-probability, bonus and the promise of the phrase state it leaves the hypothesis in. */
    private static float worth(float logProb, DecodingBias bias, DecodingBias.Step step) {
        return logProb + step.bonus() + bias.promise(step.nextState());
    }

    /** The most likely token that is not the end. */
    private static int firstWord(TokenDistribution dist) {
        int[] top = dist.top(2);
        return top[0] == Vocabulary.END ? top[1] : top[0];
    }

    private static int choose(TokenDistribution dist, DecodingBias bias, int state, boolean endAllowed) {
        int best = -1;
        float bestScore = Float.NEGATIVE_INFINITY;
        for (int token : dist.topAnd(DecodingBias.CANDIDATES, bias.continuations(state))) {
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
