package io.callscribe.models.hotwords;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a hot-word set may hold. Large sets cost little per decoding step (one lookup per candidate
 * token) but each phrase is one more way to hear something that was not said.
 *
 * @param maxPhrases phrases in one tenant's set
 * @param maxCallPhrases phrases added for one call (from the call-started event)
 * @param maxPhraseChars characters in one phrase
 * @param maxPhraseTokens tokens of one phrase in any of its forms (checked when compiled)
 * @param minBoost smallest boost (per token, natural-log units)
 * @param maxBoost largest boost; beyond a few nats a phrase overrides what the audio says
 */
public record HotwordLimits(int maxPhrases, int maxCallPhrases, int maxPhraseChars, int maxPhraseTokens,
        float minBoost, float maxBoost) implements Serializable {

    public static final HotwordLimits DEFAULTS = new HotwordLimits(2000, 50, 64, 24, 0.1f, 5f);

    /** Characters besides letters, digits and single spaces that names and products use. */
    private static final String PUNCTUATION = "'-.&";

    public HotwordLimits {
        if (maxPhrases < 1 || maxCallPhrases < 0 || maxPhraseChars < 1 || maxPhraseTokens < 1
                || !(minBoost > 0) || !(maxBoost >= minBoost)) {
            throw new IllegalArgumentException("invalid hot-word limits: " + this);
        }
    }

    /** Problems of one phrase that need no vocabulary to find, each a sentence; empty when fine. */
    List<String> problems(int index, HotPhrase phrase) {
        List<String> problems = new ArrayList<>();
        String name = describe(index, phrase);
        String text = phrase.text();
        if (text.isEmpty()) {
            problems.add(name + " is empty");
            return problems;
        }
        if (text.length() > maxPhraseChars) {
            problems.add(String.format(Locale.ROOT, "%s is %d characters long; at most %d", name, text.length(), maxPhraseChars));
        }
        if (!(phrase.boost() >= minBoost && phrase.boost() <= maxBoost)) {
            problems.add(String.format(Locale.ROOT, "%s has boost %s; it must be %.1f..%.1f", name, phrase.boost(), minBoost, maxBoost));
        }
        text.codePoints().filter(c -> !Character.isLetterOrDigit(c) && c != ' ' && PUNCTUATION.indexOf(c) < 0
                        && Character.getType(c) != Character.NON_SPACING_MARK)
                .distinct()
                .forEach(c -> problems.add(String.format(Locale.ROOT,
                        "%s has the character %s; use letters, digits, spaces and %s", name, character(c), PUNCTUATION)));
        if (text.codePoints().noneMatch(Character::isLetterOrDigit)) {
            problems.add(name + " has no letter or digit");
        }
        return problems;
    }

    static String describe(int index, HotPhrase phrase) {
        return "phrase " + (index + 1) + " '" + phrase.text() + "'";
    }

    static String character(int codePoint) {
        return String.format(Locale.ROOT, "'%s' (U+%04X)", Character.isISOControl(codePoint) ? "?" : Character.toString(codePoint), codePoint);
    }
}
