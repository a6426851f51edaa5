package io.callscribe.text.pii;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Applies a {@link PiiPolicy} to detected spans. The one implementation behind the live path (timed
 * words) and the SQL function (plain text): {@link #apply} rewrites any word type through a
 * {@link WordForm}, {@link #redactText} is that over whitespace-separated words.
 */
public final class PiiRedactor implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern TRAILING_PUNCTUATION = Pattern.compile("[.,;:!?]+$");

    private final PiiDetector detector = new PiiDetector();

    public PiiDetector detector() {
        return detector;
    }

    /** The words with each span replaced (REDACT), marked (TAG), or left (OFF). */
    public <W> List<W> apply(List<W> words, List<PiiSpan> spans, PiiPolicy policy, WordForm<W> form) {
        if (policy == PiiPolicy.OFF || spans.isEmpty()) {
            return words;
        }
        List<W> out = new ArrayList<>(words.size());
        int next = 0;
        for (PiiSpan span : spans) {
            out.addAll(words.subList(next, span.from()));
            List<W> covered = words.subList(span.from(), span.to());
            if (policy == PiiPolicy.REDACT) {
                out.add(form.redacted(covered, placeholder(form.text(covered.get(covered.size() - 1)), span.category()), span.category()));
            } else {
                out.addAll(form.tagged(covered, span.category()));
            }
            next = span.to();
        }
        out.addAll(words.subList(next, words.size()));
        return out;
    }

    /**
     * A self-contained text with its sensitive spans redacted ({@code [card]}) or tagged
     * ({@code [card: 4556 7375 8689 9855]}); a text with sensitive spans gets single spaces between words.
     */
    public String redactText(String text, PiiPolicy policy) {
        if (policy == PiiPolicy.OFF || text.isBlank()) {
            return text;
        }
        List<String> words = Arrays.asList(WHITESPACE.split(text.strip()));
        List<PiiSpan> spans = detector.detect(words).spans();
        return spans.isEmpty() ? text : String.join(" ", apply(words, spans, policy, PlainWords.INSTANCE));
    }

    /** The placeholder, keeping the span's closing punctuation so the sentence still reads: "[phone]." */
    private static String placeholder(String lastWord, PiiCategory category) {
        var punctuation = TRAILING_PUNCTUATION.matcher(lastWord);
        return category.placeholder() + (punctuation.find() ? punctuation.group() : "");
    }
}
