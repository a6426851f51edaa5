package io.callscribe.sql;

import io.callscribe.text.TranscriptNormalizer;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.FunctionHint;
import org.apache.flink.table.functions.TableFunction;
import org.apache.flink.types.Row;

import java.util.List;

/**
 * {@code TRANSCRIPT_WORDS(text)}: one row {@code (word, position)} per normalized word of the text,
 * position from 0, for counting words and keywords with
 * {@code LEFT JOIN LATERAL TABLE(TRANSCRIPT_WORDS(text)) ON TRUE}. NULL text gives no rows.
 */
@FunctionHint(output = @DataTypeHint("ROW<word STRING, `position` INT>"))
public final class TranscriptWords extends TableFunction<Row> {

    private static final TranscriptNormalizer NORMALIZER = new TranscriptNormalizer();

    public void eval(String text) {
        if (text == null) {
            return;
        }
        List<String> words = NORMALIZER.words(text);
        for (int i = 0; i < words.size(); i++) {
            collect(Row.of(words.get(i), i));
        }
    }
}
