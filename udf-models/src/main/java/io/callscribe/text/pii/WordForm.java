package io.callscribe.text.pii;

import java.util.List;

/**
 * How a policy rewrites the words of one word type: the recognizer's timed words in the live path,
 * plain strings for text.
 */
public interface WordForm<W> {

    String text(W word);

    /** One word standing for the whole span: {@code text} is the placeholder, e.g. {@code [card].}. */
    W redacted(List<W> span, String text, PiiCategory category);

    /** The span's words kept, marked with the category. */
    List<W> tagged(List<W> span, PiiCategory category);
}
