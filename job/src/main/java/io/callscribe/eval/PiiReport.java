package io.callscribe.eval;

import io.callscribe.text.pii.PiiCategory;
import io.callscribe.text.pii.PiiDetector;
import io.callscribe.text.pii.PiiSpan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How many words of a set of texts PII redaction would take away, per category, with the spans
 * themselves. On a set without personal data (the HVB dev calls, read English) every redacted word
 * is a false positive, so this is the redaction's cost in ordinary text. Each text is judged on its
 * own, as {@code REDACT_PII} does.
 */
public final class PiiReport {

    private final PiiDetector detector = new PiiDetector();
    private final Map<PiiCategory, Integer> spansByCategory = new EnumMap<>(PiiCategory.class);
    private final List<String> spans = new ArrayList<>();
    private int texts;
    private int words;
    private int redactedWords;

    public void add(String text) {
        List<String> w = text.isBlank() ? List.of() : Arrays.asList(text.strip().split("\\s+"));
        texts++;
        words += w.size();
        for (PiiSpan span : detector.detect(w).spans()) {
            redactedWords += span.to() - span.from();
            spansByCategory.merge(span.category(), 1, Integer::sum);
            spans.add(span.category().wireName() + ": \"" + String.join(" ", w.subList(span.from(), span.to())) + "\"");
        }
    }

    public int words() {
        return words;
    }

    public int redactedWords() {
        return redactedWords;
    }

    /** The redacted spans as "category: \"words\"". */
    public List<String> spans() {
        return List.copyOf(spans);
    }

    /** One line: {@code references: 0 of 1234 words (0.00 %) redacted in 0 spans}, then the spans. */
    public String format(String what) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%s: %d of %d words (%.2f %%) in %d texts redacted in %d spans %s%n",
                what, redactedWords, words, words == 0 ? 0 : 100.0 * redactedWords / words, texts, spans.size(), spansByCategory));
        spans.forEach(s -> out.append("  ").append(s).append('\n'));
        return out.toString();
    }
}
