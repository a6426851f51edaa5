package io.callscribe.text.pii;

import java.util.ArrayList;
import java.util.List;

/** Words of plain text: a redacted span becomes its placeholder, a tagged one is bracketed ("[card: 4556 ... 9855]"). */
public final class PlainWords implements WordForm<String> {

    public static final PlainWords INSTANCE = new PlainWords();

    private PlainWords() {}

    @Override
    public String text(String word) {
        return word;
    }

    @Override
    public String redacted(List<String> span, String text, PiiCategory category) {
        return text;
    }

    @Override
    public List<String> tagged(List<String> span, PiiCategory category) {
        List<String> out = new ArrayList<>(span);
        out.set(0, "[" + category.wireName() + ": " + out.get(0));
        out.set(out.size() - 1, out.get(out.size() - 1) + "]");
        return out;
    }
}
