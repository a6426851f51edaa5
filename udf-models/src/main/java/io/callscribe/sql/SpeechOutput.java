package io.callscribe.sql;

import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.types.logical.LogicalTypeFamily;
import org.apache.flink.table.types.logical.LogicalTypeRoot;

/** An output column of the speech model, known by name. */
public enum SpeechOutput {
    /** The transcript; NULL when the audio could not be read. */
    TEXT,
    /** Expected share of correct words (calibrated), FLOAT. */
    CONFIDENCE,
    /** Why the row has no transcript, or NULL. */
    ERROR;

    public static SpeechOutput of(Column column, String model) {
        var type = column.getDataType().getLogicalType();
        SpeechOutput output = switch (column.getName().toLowerCase(java.util.Locale.ROOT)) {
            case "text" -> TEXT;
            case "confidence" -> CONFIDENCE;
            case "error" -> ERROR;
            default -> throw new ValidationException("model " + model + ": unknown output column " + column.getName()
                    + " (text STRING, confidence FLOAT, error STRING)");
        };
        boolean fits = output == CONFIDENCE ? type.getTypeRoot() == LogicalTypeRoot.FLOAT
                : type.is(LogicalTypeFamily.CHARACTER_STRING);
        if (!fits) {
            throw new ValidationException("model " + model + ": output column " + column.getName() + " must be "
                    + (output == CONFIDENCE ? "FLOAT" : "STRING") + ", not " + type);
        }
        return output;
    }
}
