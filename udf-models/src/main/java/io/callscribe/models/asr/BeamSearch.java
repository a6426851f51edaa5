package io.callscribe.models.asr;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.Set;

/**
 * Beam search over one segment; the beams are the decoder's batch. Finished hypotheses are ranked
 * by score per token (longer transcripts are not penalised for having more words). A bias's bonus
 * is part of the score that ranks beams, never of the per-token log-probabilities reported; each
 * beam carries its own bias state, and however a beam ends (end token, token budget, repetition)
 * the bias's take-back of an unfinished match is applied before it is ranked.
 */
final class BeamSearch {

    private BeamSearch() {}

    private record Beam(List<RecognizedToken> tokens, float score, int biasState, Set<TranscriptFlag> flags) {
        Beam extend(int token, float logProb, float scoreDelta, int nextBiasState) {
            List<RecognizedToken> t = new ArrayList<>(tokens.size() + 1);
            t.addAll(tokens);
            t.add(new RecognizedToken(token, logProb));
            return new Beam(t, score + scoreDelta, nextBiasState, flags);
        }

        Beam withFlag(TranscriptFlag flag, float scoreDelta) {
            Set<TranscriptFlag> f = EnumSet.noneOf(TranscriptFlag.class);
            f.addAll(flags);
            f.add(flag);
            return new Beam(tokens, score + scoreDelta, biasState, f);
        }

        /** Ranking score of a finished hypothesis; the end token counts as one more step. */
        float normalized() {
            return score / (tokens.size() + 1);
        }
    }

    /** {@code bonus}: what the bias added to the model's log-probability. */
    private record Candidate(int beam, int token, float logProb, float bonus, float score, int biasState) {}

    /**
     * The best hypothesis ({@code wordFirst}: one that does not end at the first step). With a bias
     * whose bonus picked any candidate, the model's own search is run as well and the biased result
     * is kept only where it wins on its merits ({@link BiasVerdict}); a bias that picked none left
     * the search as it was.
     */
    static DecodedTokens decode(MoonshineModel model, OnnxTensor encodedOne, int width, int budget, DecodingBias bias,
            boolean wordFirst, BooleanSupplier stop) throws OrtException {
        Outcome biased = search(model, encodedOne, width, budget, bias, wordFirst, stop);
        if (!biased.biasScored()) {
            return biased.best();
        }
        DecodedTokens own = search(model, encodedOne, width, budget, DecodingBias.NONE, wordFirst, stop).best();
        return BiasVerdict.keep(bias, biased.best(), own);
    }

    private record Outcome(DecodedTokens best, boolean biasScored) {}

    private static Outcome search(MoonshineModel model, OnnxTensor encodedOne, int width, int budget, DecodingBias bias,
            boolean wordFirst, BooleanSupplier stop) throws OrtException {
        boolean biasScored = false;
        List<Beam> beams = List.of(new Beam(List.of(), 0f, bias.startState(), EnumSet.noneOf(TranscriptFlag.class)));
        List<Beam> finished = new ArrayList<>();
        // a bias may lift any of the model's top candidates; not every phrase token the graph has:
        // beams kept sound-alike phrases alive ("Minneapolis" for "my name is", README)
        int perBeam = bias == DecodingBias.NONE ? width + 1 : Math.max(width + 1, DecodingBias.CANDIDATES);
        TokenDistribution dist = new TokenDistribution(MoonshineModel.VOCABULARY);
        DecoderCache cache = model.emptyCache(1);
        OnnxTensor encoded = encodedOne;
        try {
            int[] parents = {0};
            for (int step = 0; !beams.isEmpty(); step++) {
                cache = cache.gather(parents);
                if (encoded.getInfo().getShape()[0] != beams.size()) {
                    OnnxTensor repeated = TensorRows.gather(encodedOne, new int[beams.size()]);
                    if (encoded != encodedOne) {
                        encoded.close();
                    }
                    encoded = repeated;
                }
                long[] last = new long[beams.size()];
                for (int i = 0; i < last.length; i++) {
                    List<RecognizedToken> t = beams.get(i).tokens();
                    last[i] = t.isEmpty() ? Vocabulary.START : t.get(t.size() - 1).id();
                }
                MoonshineModel.checkStop(stop);
                MoonshineModel.Step out = model.step(last, encoded, cache);
                cache.release();
                cache = out.cache();

                List<Candidate> candidates = new ArrayList<>();
                for (int i = 0; i < beams.size(); i++) {
                    Beam beam = beams.get(i);
                    dist.load(out.logits(), i, out.columns());
                    for (int token : dist.top(perBeam)) {
                        if (wordFirst && step == 0 && token == Vocabulary.END) {
                            continue;
                        }
                        float lp = dist.logProb(token);
                        float bonus;
                        int nextState = beam.biasState();
                        if (bias == DecodingBias.NONE) {
                            bonus = 0f;
                        } else if (token == Vocabulary.END) {
                            bonus = bias.finish(beam.biasState());
                        } else {
                            DecodingBias.Step s = bias.advance(beam.biasState(), token);
                            bonus = s.bonus();
                            nextState = s.nextState();
                        }
                        candidates.add(new Candidate(i, token, lp, bonus, beam.score() + lp + bonus, nextState));
                    }
                }
                candidates.sort(Comparator.comparingDouble(Candidate::score).reversed());

                List<Beam> live = new ArrayList<>(width);
                List<Integer> liveParents = new ArrayList<>(width);
                for (int rank = 0; rank < candidates.size() && live.size() < width; rank++) {
                    Candidate c = candidates.get(rank);
                    Beam parent = beams.get(c.beam());
                    if (c.token() == Vocabulary.END) {
                        if (rank < width) {
                            finished.add(new Beam(parent.tokens(), c.score(), c.biasState(), parent.flags()));
                            biasScored |= c.bonus() != 0f;
                        }
                        continue;
                    }
                    // until a bonus picks a candidate the search is the model's own
                    biasScored |= c.bonus() != 0f;
                    Beam extended = parent.extend(c.token(), c.logProb(), c.score() - parent.score(), c.biasState());
                    int loop = RepetitionGuard.loopStart(extended.tokens());
                    if (loop >= 0) {
                        finished.add(new Beam(new ArrayList<>(extended.tokens().subList(0, loop)), extended.score(),
                                extended.biasState(), extended.flags())
                                .withFlag(TranscriptFlag.REPETITION, bias.finish(extended.biasState())));
                    } else if (extended.tokens().size() >= budget) {
                        finished.add(extended.withFlag(TranscriptFlag.TOKEN_LIMIT, bias.finish(extended.biasState())));
                    } else {
                        live.add(extended);
                        liveParents.add(c.beam());
                    }
                }
                if (finished.size() >= width) {
                    break;
                }
                beams = live;
                parents = liveParents.stream().mapToInt(Integer::intValue).toArray();
            }
        } finally {
            cache.close();
            if (encoded != encodedOne) {
                encoded.close();
            }
        }
        Beam best = finished.stream().max(Comparator.comparingDouble(Beam::normalized)).orElseThrow();
        return new Outcome(new DecodedTokens(best.tokens(), best.flags()), biasScored);
    }
}
