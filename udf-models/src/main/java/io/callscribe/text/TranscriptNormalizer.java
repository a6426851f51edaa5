package io.callscribe.text;

import java.io.Serializable;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Puts a transcript into the canonical word form used for scoring (WER) and hot-word matching:
 * the "Scoring rules" of {@code shared/eval/README.md}, applied identically to reference and
 * hypothesis. Steps, in order:
 * <ol>
 *   <li>apostrophes removed, ASCII and typographic alike ({@code don't}, {@code don’t} -> {@code dont});
 *   <li>compatibility forms folded and diacritics dropped ({@code José} -> {@code jose}, full-width
 *       digits -> ASCII, no-break spaces -> spaces), then lowercase;
 *   <li>every kind of dash becomes {@code -};
 *   <li>bracketed tags dropped: {@code [noise]}, {@code <unk>} (parentheses are ordinary punctuation
 *       and keep their words);
 *   <li>numerals spelled out, see {@link NumeralExpander} ({@code 134} -> {@code one hundred thirty
 *       four}, more than 6 digits digit by digit);
 *   <li>{@code &} read as {@code and}; all other punctuation and symbols become spaces, so
 *       {@code twenty-five} -> {@code twenty five} and {@code a.m.} -> {@code a m};
 *   <li>split on any whitespace, fillers dropped ({@code uh um ah er eh hmm hm mm mhm uhm erm},
 *       exact words only), spelling variants unified ({@code okay}->{@code ok},
 *       {@code alright}->{@code all right}, {@code gonna}->{@code going to}, {@code wanna}->{@code want to}).
 * </ol>
 * Stateless, so one instance can be shared by any number of threads; normalizing is idempotent.
 */
public final class TranscriptNormalizer implements Serializable {

    private static final long serialVersionUID = 1L;

    // U+2019 ’ and U+2018 ‘ (typographic), U+02BC ʼ (a letter to Unicode, so it must be named here),
    // U+2032 ′, backtick and U+00B4 ´; removed before decomposition, which would turn ´ into a space.
    private static final Pattern APOSTROPHES = Pattern.compile("['\u2019\u2018\u02BC\u2032`\u00B4\uFF07]");
    private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{Mn}+");
    // U+2212 is the minus sign, a math symbol rather than a dash.
    private static final Pattern DASHES = Pattern.compile("[\\p{Pd}\u2212]");
    // Angle tags are single tokens (<unk>, <sil>), so "x < 5 and y > 3" keeps its words.
    private static final Pattern BRACKETED_TAGS = Pattern.compile("\\[[^\\[\\]]*\\]|<[^<>\\s]*>");
    private static final Pattern AMPERSAND = Pattern.compile("&");
    private static final Pattern PUNCTUATION_AND_SYMBOLS = Pattern.compile("[^\\p{L}\\p{N}\\s\\p{Z}]+");
    private static final Pattern WHITESPACE = Pattern.compile("[\\s\\p{Z}]+");

    private static final Set<String> FILLERS =
            Set.of("uh", "um", "ah", "er", "eh", "hmm", "hm", "mm", "mhm", "uhm", "erm");
    private static final Map<String, List<String>> SPELLING_VARIANTS = Map.of(
            "okay", List.of("ok"),
            "alright", List.of("all", "right"),
            "gonna", List.of("going", "to"),
            "wanna", List.of("want", "to"));

    /** The scoring words of {@code text}, in order; empty when nothing scorable is left. */
    public List<String> words(String text) {
        Objects.requireNonNull(text, "text");
        String s = APOSTROPHES.matcher(text).replaceAll("");
        s = COMBINING_MARKS.matcher(Normalizer.normalize(s, Normalizer.Form.NFKD)).replaceAll("");
        s = s.toLowerCase(Locale.ROOT);
        s = DASHES.matcher(s).replaceAll("-");
        s = BRACKETED_TAGS.matcher(s).replaceAll(" ");
        s = NumeralExpander.expand(s);
        s = AMPERSAND.matcher(s).replaceAll(" and ");
        s = PUNCTUATION_AND_SYMBOLS.matcher(s).replaceAll(" ");

        List<String> words = new ArrayList<>();
        for (String token : WHITESPACE.split(s)) {
            if (token.isEmpty() || FILLERS.contains(token)) {
                continue;
            }
            words.addAll(SPELLING_VARIANTS.getOrDefault(token, List.of(token)));
        }
        return List.copyOf(words);
    }

    /** The scoring words of {@code text} joined by single spaces; {@code ""} when none are left. */
    public String normalize(String text) {
        return String.join(" ", words(text));
    }
}
