package io.callscribe.models.hotwords;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Objects;

/**
 * A phrase to favour in recognition, e.g. a customer's name or a product.
 *
 * @param text the phrase as it should be written; whitespace is collapsed and Unicode composed (NFC)
 * @param boost score added for each token of the phrase while the decoder follows it, in natural-log
 *     probability units; kept when the phrase is completed, taken back when it is not
 */
public record HotPhrase(String text, float boost) {

    /** Boost of phrases that name none (per-call phrases, file entries without one). */
    public static final float DEFAULT_BOOST = 2.0f;

    public HotPhrase {
        Objects.requireNonNull(text, "text");
        text = Normalizer.normalize(text, Normalizer.Form.NFC).strip().replaceAll("\\s+", " ");
    }

    public static HotPhrase of(String text) {
        return new HotPhrase(text, DEFAULT_BOOST);
    }

    /** The key under which two phrases count as the same (case does not matter: every case form is matched). */
    String key() {
        return text.toLowerCase(Locale.ROOT);
    }
}
