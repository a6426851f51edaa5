package io.callscribe.eval;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Hot phrases unrelated to the evaluation calls, for the cost of false alarms and of large sets: a
 * fixed list of 200 (medicines, places, products: {@code eval/hotword-distractors.txt}); larger
 * counts combine each with a trade word ("Metformin Clinic", "Reykjavik Express").
 */
public final class HotwordDistractors {

    private static final List<String> TRADE_WORDS = List.of("Clinic", "Express", "Holdings", "Center", "Partners",
            "Labs", "Outlet", "Studio", "Supply", "Works");

    private HotwordDistractors() {}

    /** The fixed list. */
    public static List<String> base() {
        try (InputStream in = HotwordDistractors.class.getResourceAsStream("/eval/hotword-distractors.txt")) {
            if (in == null) {
                throw new IllegalStateException("eval/hotword-distractors.txt missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first {@code count} distractors: the fixed list, then its combinations with trade words. */
    public static List<String> first(int count) {
        List<String> base = base();
        int most = base.size() * (TRADE_WORDS.size() + 1);
        if (count > most) {
            throw new IllegalArgumentException("at most " + most + " distractor phrases, asked for " + count);
        }
        List<String> out = new ArrayList<>(base.subList(0, Math.min(count, base.size())));
        for (int i = 0; out.size() < count; i++) {
            out.add(base.get(i % base.size()) + " " + TRADE_WORDS.get(i / base.size()));
        }
        return out;
    }
}
