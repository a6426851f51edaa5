package io.callscribe.sql;

import io.callscribe.text.pii.PiiPolicy;
import io.callscribe.text.pii.PiiRedactor;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * {@code REDACT_PII(text [, policy])}: the live path's PII redaction ({@link PiiRedactor}) as a Flink
 * SQL scalar function, for transcripts stored or produced elsewhere. {@code policy} is
 * {@code 'redact'} (default: {@code [card]} for each span), {@code 'tag'} ({@code [card: 4556 ...]})
 * or {@code 'off'}; any other value fails the query with a message naming the valid ones. NULL text
 * gives NULL; a NULL policy redacts.
 * <pre>{@code
 * CREATE TEMPORARY SYSTEM FUNCTION REDACT_PII AS 'io.callscribe.sql.RedactPii';
 * SELECT callId, REDACT_PII(text) FROM transcripts;
 * }</pre>
 * Each text is judged on its own: the cross-segment carry of the live path needs a leg's segments
 * in order, which a row-at-a-time function does not see.
 */
public class RedactPii extends ScalarFunction {

    public static final String NAME = "REDACT_PII";
    private static final long serialVersionUID = 1L;

    private final PiiRedactor redactor = new PiiRedactor();

    public String eval(String text) {
        return eval(text, null);
    }

    public String eval(String text, String policy) {
        if (text == null) {
            return null;
        }
        return redactor.redactText(text, policy == null ? PiiPolicy.REDACT : PiiPolicy.parse(policy));
    }
}
