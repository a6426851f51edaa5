package io.callscribe.models.hotwords;

import io.callscribe.models.asr.SentencePieceEncoder;
import io.callscribe.models.asr.Vocabulary;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Hot-word sets to context graphs for one model's vocabulary. Each phrase is matched in the forms a
 * transcript may write it: as written, lower case, Title Case and with a capital first letter (a
 * sentence start), each starting a word ({@code ▁}). Forms inside a word are left out on purpose:
 * "Linda" must not be favoured as the end of "Belinda". Thread-safe.
 */
public final class HotwordCompiler {

    private final SentencePieceEncoder encoder;
    private final HotwordLimits limits;

    public HotwordCompiler(Vocabulary vocabulary, HotwordLimits limits) {
        this.encoder = new SentencePieceEncoder(vocabulary);
        this.limits = limits;
    }

    public HotwordLimits limits() {
        return limits;
    }

    /**
     * The set's context graph.
     *
     * @throws HotwordException naming every phrase with a character the vocabulary has no piece for
     *     (the model would have to spell it byte by byte), that is too many tokens long, or that
     *     breaks another limit
     */
    public HotwordGraph compile(HotwordSet set) {
        List<String> problems = new ArrayList<>();
        List<HotwordGraph.Form> tokenForms = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < set.phrases().size(); i++) {
            HotPhrase phrase = set.phrases().get(i);
            texts.add(phrase.text());
            List<String> found = limits.problems(i, phrase);
            for (int c : phrase.text().codePoints().filter(c -> !encoder.hasPiece(c)).distinct().toArray()) {
                found.add(HotwordLimits.describe(i, phrase) + " has the character " + HotwordLimits.character(c)
                        + ", which the model's vocabulary has no piece for");
            }
            if (!found.isEmpty()) {
                problems.addAll(found);
                continue;
            }
            for (Map.Entry<String, int[]> form : forms(phrase).entrySet()) {
                if (form.getValue().length > limits.maxPhraseTokens()) {
                    problems.add(String.format(Locale.ROOT, "%s is %d tokens long as '%s'; at most %d",
                            HotwordLimits.describe(i, phrase), form.getValue().length, form.getKey(), limits.maxPhraseTokens()));
                    break;
                }
                tokenForms.add(new HotwordGraph.Form(form.getValue(), phrase.boost(), i));
            }
        }
        if (!problems.isEmpty()) {
            throw new HotwordException(set.describe(), problems);
        }
        return HotwordGraph.build(texts, tokenForms);
    }

    /** The phrase's written forms and their tokens; forms that tokenize alike appear once. */
    public Map<String, int[]> forms(HotPhrase phrase) {
        String text = phrase.text();
        Set<String> variants = new LinkedHashSet<>(List.of(text, text.toLowerCase(Locale.ROOT), titleCase(text),
                capitalized(text)));
        Map<String, int[]> forms = new LinkedHashMap<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String v : variants) {
            int[] tokens = encoder.encode(" " + v);
            if (seen.add(Arrays.toString(tokens))) {
                forms.put(v, tokens);
            }
        }
        return forms;
    }

    private static String titleCase(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (String word : text.split(" ")) {
            out.append(out.length() > 0 ? " " : "").append(capitalized(word));
        }
        return out.toString();
    }

    private static String capitalized(String text) {
        if (text.isEmpty()) {
            return text;
        }
        int first = text.codePointAt(0);
        return new StringBuilder().appendCodePoint(Character.toTitleCase(first))
                .append(text.substring(Character.charCount(first))).toString();
    }
}
