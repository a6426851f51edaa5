package io.callscribe.eval;

import io.callscribe.models.asr.Transcript;
import io.callscribe.models.asr.TranscriptFlag;
import io.callscribe.models.asr.Word;
import io.callscribe.text.AlignmentOp;
import io.callscribe.text.ErrorCounts;
import io.callscribe.text.TranscriptNormalizer;
import io.callscribe.text.WordAlignment;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One scored utterance (or channel): reference, hypothesis, error counts, cost, each hypothesis
 * word labelled correct or not for confidence calibration, and the hot phrases the recognizer
 * reported matching.
 */
public record ScoredUtterance(String id, String callId, String reference, String hypothesis, ErrorCounts counts,
        double audioSeconds, double processingSeconds, List<LabelledWord> words, Set<TranscriptFlag> flags,
        List<String> hotwords) {

    public double realTimeFactor() {
        return audioSeconds > 0 ? processingSeconds / audioSeconds : 0;
    }

    /**
     * Scores the transcripts of one utterance against its reference. Each recognized word is
     * normalized on its own, so a word is labelled correct when all the scoring words it becomes
     * are matches; words that normalize to nothing (fillers) carry no label.
     */
    public static ScoredUtterance score(String id, String callId, String reference, List<Transcript> transcripts,
            double audioSeconds, double processingSeconds, TranscriptNormalizer normalizer) {
        List<Word> words = new ArrayList<>();
        Set<TranscriptFlag> flags = EnumSet.noneOf(TranscriptFlag.class);
        List<String> hotwords = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (Transcript t : transcripts) {
            words.addAll(t.words());
            flags.addAll(t.flags());
            hotwords.addAll(t.hotwords());
            if (!t.text().isEmpty()) {
                text.append(text.length() > 0 ? " " : "").append(t.text());
            }
        }
        List<String> hypothesisTokens = new ArrayList<>();
        int[] firstToken = new int[words.size() + 1];
        for (int w = 0; w < words.size(); w++) {
            firstToken[w] = hypothesisTokens.size();
            hypothesisTokens.addAll(normalizer.words(words.get(w).text()));
        }
        firstToken[words.size()] = hypothesisTokens.size();
        WordAlignment alignment = WordAlignment.align(normalizer.words(reference), hypothesisTokens);
        boolean[] tokenCorrect = new boolean[hypothesisTokens.size()];
        for (AlignmentOp op : alignment.ops()) {
            if (op.type() == AlignmentOp.Type.MATCH) {
                tokenCorrect[op.hypIndex()] = true;
            }
        }
        List<LabelledWord> labelled = new ArrayList<>();
        for (int w = 0; w < words.size(); w++) {
            if (firstToken[w] == firstToken[w + 1]) {
                continue;
            }
            boolean correct = true;
            for (int t = firstToken[w]; t < firstToken[w + 1]; t++) {
                correct &= tokenCorrect[t];
            }
            labelled.add(new LabelledWord(words.get(w), correct));
        }
        return new ScoredUtterance(id, callId, reference, text.toString(), alignment.counts(), audioSeconds,
                processingSeconds, labelled, flags, List.copyOf(hotwords));
    }
}
