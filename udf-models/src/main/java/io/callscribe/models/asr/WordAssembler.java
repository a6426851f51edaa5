package io.callscribe.models.asr;

import java.util.ArrayList;
import java.util.List;

/**
 * Groups tokens into words (a word starts at a token with the word marker) and estimates word
 * times. Moonshine reports no alignment, so a segment's duration is shared among its words in
 * proportion to their spoken length, approximated by letters plus one for the gap before the next
 * word. Segment bounds are exact; within a segment the times are an estimate, good to a few hundred
 * milliseconds on conversational speech.
 */
final class WordAssembler {

    private final Vocabulary vocabulary;
    private final ConfidenceCalibration calibration;

    WordAssembler(Vocabulary vocabulary, ConfidenceCalibration calibration) {
        this.vocabulary = vocabulary;
        this.calibration = calibration;
    }

    List<Word> assemble(List<RecognizedToken> tokens, long audioMs) {
        int[] ids = tokens.stream().mapToInt(RecognizedToken::id).toArray();
        List<int[]> spans = new ArrayList<>();
        int start = -1;
        for (int i = 0; i < ids.length; i++) {
            if (vocabulary.isControl(ids[i])) {
                continue;
            }
            if (start < 0) {
                start = i;
            } else if (vocabulary.startsWord(ids[i])) {
                spans.add(new int[] {start, i});
                start = i;
            }
        }
        if (start >= 0) {
            spans.add(new int[] {start, ids.length});
        }
        List<String> texts = new ArrayList<>(spans.size());
        long weightTotal = 0;
        for (int[] s : spans) {
            String text = vocabulary.text(ids, s[0], s[1]).strip();
            texts.add(text);
            weightTotal += text.length() + 1;
        }
        List<Word> words = new ArrayList<>(spans.size());
        long weightSoFar = 0;
        for (int w = 0; w < spans.size(); w++) {
            String text = texts.get(w);
            if (text.isEmpty()) {
                continue;
            }
            long startMs = audioMs * weightSoFar / Math.max(1, weightTotal);
            weightSoFar += text.length() + 1;
            long endMs = audioMs * (weightSoFar - 1) / Math.max(1, weightTotal);
            List<RecognizedToken> wordTokens = List.copyOf(tokens.subList(spans.get(w)[0], spans.get(w)[1]));
            words.add(new Word(text, startMs, Math.max(startMs + 1, endMs), calibration.wordConfidence(wordTokens), wordTokens));
        }
        return words;
    }
}
