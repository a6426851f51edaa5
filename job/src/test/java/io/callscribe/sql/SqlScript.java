package io.callscribe.sql;

import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A file of {@code sql/} run the way {@code sql-client.sh -f} runs it: statements end with a
 * {@code ;} at the end of a line, {@code --} lines are comments, {@code SET 'key' = 'value'} sets a
 * session option, everything else goes to {@link TableEnvironment#executeSql}. Text replacements
 * (the broker's address) apply before parsing.
 */
final class SqlScript {

    private static final Pattern SET = Pattern.compile("(?is)SET\\s+'([^']+)'\\s*=\\s*'([^']*)'");

    private final List<String> statements;

    private SqlScript(List<String> statements) {
        this.statements = statements;
    }

    static SqlScript read(Path file, Map<String, String> replacements) throws IOException {
        String text = Files.readString(file);
        for (Map.Entry<String, String> r : replacements.entrySet()) {
            if (!text.contains(r.getKey())) {
                throw new IllegalArgumentException(file + " does not contain " + r.getKey());
            }
            text = text.replace(r.getKey(), r.getValue());
        }
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || (trimmed.isEmpty() && current.isEmpty())) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String statement = current.toString().strip();
                statements.add(statement.substring(0, statement.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            throw new IllegalArgumentException(file + " ends with a statement without ';': " + current);
        }
        return new SqlScript(statements);
    }

    List<String> statements() {
        return statements;
    }

    /** Runs every statement but the last, which must be a query; returns the query's result. */
    TableResult runUpToQuery(TableEnvironment env) throws Exception {
        for (String statement : statements.subList(0, statements.size() - 1)) {
            execute(env, statement);
        }
        return env.executeSql(statements.get(statements.size() - 1));
    }

    /** Runs every statement. */
    void run(TableEnvironment env) throws Exception {
        for (String statement : statements) {
            execute(env, statement);
        }
    }

    private static void execute(TableEnvironment env, String statement) throws Exception {
        Matcher set = SET.matcher(statement);
        if (set.matches()) {
            env.getConfig().getConfiguration().setString(set.group(1), set.group(2));
        } else {
            env.executeSql(statement).await();
        }
    }

    /**
     * The rows a query's changelog ends with: inserts and update-afters add a row, update-befores
     * and deletes take one back.
     */
    static List<Row> finalRows(TableResult result) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = result.collect()) {
            while (it.hasNext()) {
                Row row = it.next();
                switch (row.getKind()) {
                    case INSERT, UPDATE_AFTER -> {
                        row.setKind(org.apache.flink.types.RowKind.INSERT);
                        rows.add(row);
                    }
                    case UPDATE_BEFORE, DELETE -> {
                        row.setKind(org.apache.flink.types.RowKind.INSERT);
                        if (!rows.remove(row)) {
                            throw new IllegalStateException("retraction of a row never inserted: " + row);
                        }
                    }
                }
            }
        }
        return rows;
    }
}
