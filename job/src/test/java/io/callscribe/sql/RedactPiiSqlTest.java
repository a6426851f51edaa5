package io.callscribe.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;

/** REDACT_PII registered and called the way a SQL user does, planned and run by Flink. */
class RedactPiiSqlTest {

    @Test
    void redactPiiInAQuery() throws Exception {
        TableEnvironment sql = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        sql.executeSql("CREATE TEMPORARY SYSTEM FUNCTION REDACT_PII AS 'io.callscribe.sql.RedactPii'");
        List<String> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = sql.executeSql("SELECT id, REDACT_PII(txt), REDACT_PII(txt, 'tag') FROM (VALUES "
                + "(1, 'card 4556 7375 8689 9855 expires oh seven slash two six'), "
                + "(2, 'your balance is a hundred and thirty four dollars'), "
                + "(3, CAST(NULL AS STRING))) AS t(id, txt)").collect()) {
            it.forEachRemaining(r -> rows.add(r.getField(0) + " | " + r.getField(1) + " | " + r.getField(2)));
        }
        rows.sort(null);
        assertEquals(List.of(
                "1 | card [card] expires [expiry] | card [card: 4556 7375 8689 9855] expires [expiry: oh seven slash two six]",
                "2 | your balance is a hundred and thirty four dollars | your balance is a hundred and thirty four dollars",
                "3 | null | null"), rows);
    }
}
