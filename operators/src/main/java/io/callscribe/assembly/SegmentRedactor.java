package io.callscribe.assembly;

import io.callscribe.contract.WordTiming;
import io.callscribe.inference.RecognitionResult;
import io.callscribe.text.pii.PiiCarry;
import io.callscribe.text.pii.PiiCategory;
import io.callscribe.text.pii.PiiDetection;
import io.callscribe.text.pii.PiiPolicy;
import io.callscribe.text.pii.PiiRedactor;
import io.callscribe.text.pii.PiiSpan;
import io.callscribe.text.pii.PlainWords;
import io.callscribe.text.pii.WordForm;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * Applies a tenant's PII policy to one recognition result, given what the leg's previous final left
 * ({@link PiiCarry}). Works on the result's timed words; a result with text but no words (none
 * come from the recognizer, but a result is a public type) has its text redacted instead.
 */
final class SegmentRedactor implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The result's text and words after the policy, the spans found, and the carry for the next final. */
    record Redacted(String text, List<WordTiming> words, List<PiiSpan> spans, PiiCarry carry) {}

    private final PiiRedactor redactor = new PiiRedactor();

    Redacted redact(RecognitionResult result, PiiPolicy policy, PiiCarry previous, long startMs, long endMs) {
        if (policy == PiiPolicy.OFF) {
            return new Redacted(result.text(), result.words(), List.of(), previous);
        }
        if (!result.words().isEmpty()) {
            List<String> texts = result.words().stream().map(WordTiming::text).toList();
            PiiDetection found = redactor.detector().detect(texts, previous, startMs, endMs);
            if (found.isEmpty()) {
                return new Redacted(result.text(), result.words(), List.of(), found.carry());
            }
            List<WordTiming> words = redactor.apply(result.words(), found.spans(), policy, TIMED_WORDS);
            return new Redacted(String.join(" ", words.stream().map(WordTiming::text).toList()), words, found.spans(), found.carry());
        }
        List<String> texts = result.text().isBlank() ? List.of() : Arrays.asList(result.text().strip().split("\\s+"));
        PiiDetection found = redactor.detector().detect(texts, previous, startMs, endMs);
        String text = found.isEmpty() ? result.text()
                : String.join(" ", redactor.apply(texts, found.spans(), policy, PlainWords.INSTANCE));
        return new Redacted(text, List.of(), found.spans(), found.carry());
    }

    /** A redacted span is one word over the span's time with the mean of its words' confidence. */
    private static final WordForm<WordTiming> TIMED_WORDS = new WordForm<>() {
        @Override
        public String text(WordTiming word) {
            return word.text();
        }

        @Override
        public WordTiming redacted(List<WordTiming> span, String text, PiiCategory category) {
            double confidence = span.stream().mapToDouble(WordTiming::confidence).average().orElse(0);
            return new WordTiming(text, span.get(0).startMs(), span.get(span.size() - 1).endMs(), (float) confidence,
                    category.wireName());
        }

        @Override
        public List<WordTiming> tagged(List<WordTiming> span, PiiCategory category) {
            return span.stream().map(w -> new WordTiming(w.text(), w.startMs(), w.endMs(), w.confidence(), category.wireName())).toList();
        }
    };
}
