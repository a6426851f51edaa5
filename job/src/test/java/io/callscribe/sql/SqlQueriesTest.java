package io.callscribe.sql;

import io.callscribe.contract.CallEvent;
import io.callscribe.contract.CallSummary;
import io.callscribe.contract.Leg;
import io.callscribe.contract.ReviewItem;
import io.callscribe.contract.TranscriptSegment;
import io.callscribe.text.TranscriptNormalizer;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each query of {@code sql/queries} run as shipped (after {@code sql/init.sql}) through a table
 * environment over the topics the real job filled ({@link DevCallsInKafka}), its result compared
 * with the same question answered directly from the records on the topics.
 */
class SqlQueriesTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final Path SQL = Path.of("").toAbsolutePath().getParent().resolve("sql");
    private static final TranscriptNormalizer NORMALIZER = new TranscriptNormalizer();
    private static final ContainsPhrase CONTAINS = new ContainsPhrase();

    @TempDir
    static Path work;
    private static DevCallsInKafka topics;

    @BeforeAll
    static void runTheJob() throws Exception {
        long begin = System.nanoTime();
        topics = DevCallsInKafka.start(work);
        System.out.printf("sql fixture: %d calls through the job (%s): %d finals, %d partials, %d review items, %d summaries, %.1f s%n",
                DevCallsInKafka.CALLS.size(), DevCallsInKafka.MODEL, topics.finals().size(),
                topics.transcripts.size() - topics.finals().size(), topics.review.size(), topics.summaries.size(),
                (System.nanoTime() - begin) / 1e9);
        assertEquals(2 * DevCallsInKafka.CALLS.size(), topics.summaries.size(), "a summary per leg");
        assertTrue(topics.transcripts.stream().anyMatch(s -> !s.isFinal()), "partials share the topic with finals");
        assertTrue(topics.finals().stream().allMatch(s -> s.callStartMs() > 0), "segments carry their call's start");
    }

    @AfterAll
    static void stopBroker() {
        if (topics != null) {
            topics.close();
        }
    }

    /** Runs init.sql against the fixture's broker with bounded reads, then the query file. */
    private static List<Row> query(String file) throws Exception {
        return query(file, Map.of());
    }

    private static List<Row> query(String file, Map<String, String> replacements) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        StreamTableEnvironment tables = StreamTableEnvironment.create(env, EnvironmentSettings.inStreamingMode());
        tables.getConfig().set("table.local-time-zone", "UTC");
        SqlScript.read(SQL.resolve("init.sql"), Map.of("'localhost:9092'", "'" + topics.kafka.bootstrapServers() + "'"))
                .run(tables);
        for (String table : List.of("transcripts", "review", "call_summaries", "call_events")) {
            // what is on the topics now, then the end: the query finishes with its final result
            tables.executeSql("ALTER TABLE " + table + " SET ('scan.bounded.mode' = 'latest-offset')").await();
        }
        long begin = System.nanoTime();
        List<Row> rows = SqlScript.finalRows(SqlScript.read(SQL.resolve("queries").resolve(file), replacements).runUpToQuery(tables));
        System.out.printf("%s: %d rows in %.1f s%n", file, rows.size(), (System.nanoTime() - begin) / 1e9);
        rows.forEach(r -> System.out.println("  " + r));
        return rows;
    }

    @Test
    void everyQueryFileHasAHeaderSayingWhatItAnswers() throws Exception {
        List<Path> files;
        try (var list = Files.list(SQL.resolve("queries"))) {
            files = list.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
        }
        assertEquals(6, files.size(), files.toString());
        for (Path f : files) {
            assertTrue(Files.readString(f).startsWith("-- "), f + " starts with a comment saying what it answers");
        }
    }

    @Test
    void complianceAlertsNameEachRuleTheAgentDidNotSayInTime() throws Exception {
        Map<String, List<String>> rules = Map.of(
                "recorded-line disclosure", List.of("this call is recorded", "recorded line", "call may be recorded"),
                "greeting", List.of("how can i help you", "how may i help you"));
        Set<String> expected = new TreeSet<>();
        for (CallSummary agent : legs(Leg.AGENT)) {
            for (Map.Entry<String, List<String>> rule : rules.entrySet()) {
                boolean said = topics.finals().stream().anyMatch(s -> s.callId().equals(agent.callId()) && s.leg() == Leg.AGENT
                        && s.startMs() < 30_000 && rule.getValue().stream().anyMatch(p -> CONTAINS.eval(s.text(), p)));
                if (!said) {
                    expected.add(agent.tenant() + "|" + agent.callId() + "|" + Instant.ofEpochMilli(agent.callStartMs()) + "|" + rule.getKey());
                }
            }
        }
        Set<String> actual = new TreeSet<>();
        for (Row r : query("compliance-phrases.sql")) {
            actual.add(r.getField(0) + "|" + r.getField(1) + "|" + r.getField(2) + "|" + r.getField(3));
        }
        assertEquals(expected, actual);
        assertEquals(DevCallsInKafka.CALLS.size(), actual.stream().filter(a -> a.endsWith("|recorded-line disclosure")).count(),
                "no HVB agent says a recording disclosure: every call is flagged for it");
    }

    @Test
    void talkTimePerCallIsEachLegsSpeechWithTheAgentFromTheStartedEvent() throws Exception {
        Map<String, String> agentIds = topics.events.stream().filter(e -> e.type() == CallEvent.Type.STARTED)
                .collect(Collectors.toMap(CallEvent::callId, CallEvent::agentId));
        Map<String, Long> speechMs = new TreeMap<>();
        for (TranscriptSegment s : topics.finals()) {
            if (!s.text().isEmpty()) {
                speechMs.merge(s.callId() + "/" + s.leg().wireName(), s.endMs() - s.startMs(), Long::sum);
            }
        }
        Set<String> expected = new TreeSet<>();
        for (CallSummary agent : legs(Leg.AGENT)) {
            long agentMs = speechMs.get(agent.callId() + "/agent");
            long customerMs = speechMs.get(agent.callId() + "/customer");
            assertEquals(agentMs, agent.talkTimeMs(), "the summary's talk time is its non-empty finals' duration");
            expected.add(String.format(Locale.ROOT, "%s|%s|%s|%s|%.3f|%.3f|%.4f", agent.tenant(), agent.callId(),
                    agentIds.get(agent.callId()), Instant.ofEpochMilli(agent.callStartMs()), agentMs / 1000.0, customerMs / 1000.0,
                    (double) agentMs / (agentMs + customerMs)));
        }
        Set<String> actual = new TreeSet<>();
        for (Row r : query("talk-time.sql")) {
            actual.add(String.format(Locale.ROOT, "%s|%s|%s|%s|%.3f|%.3f|%.4f", r.getField(0), r.getField(1), r.getField(2),
                    r.getField(3), number(r.getField(4)), number(r.getField(5)), number(r.getField(6))));
        }
        assertEquals(DevCallsInKafka.CALLS.size(), actual.size());
        assertEquals(expected, actual);
    }

    @Test
    void longSilencesAreGapsOfFiveSecondsWhereNeitherLegSpeaks() throws Exception {
        Map<String, List<TranscriptSegment>> byCall = topics.finals().stream().filter(s -> !s.text().isEmpty())
                .collect(Collectors.groupingBy(s -> s.tenant() + "|" + s.callId(), TreeMap::new, Collectors.toList()));
        Set<String> expected = new TreeSet<>();
        byCall.forEach((call, segments) -> {
            List<TranscriptSegment> sorted = new ArrayList<>(segments);
            sorted.sort(Comparator.comparingLong(TranscriptSegment::startMs));
            long spokenUntil = sorted.get(0).endMs();
            for (TranscriptSegment s : sorted.subList(1, sorted.size())) {
                if (s.startMs() - spokenUntil >= 5000) {
                    expected.add(call + "|" + spokenUntil + "|" + s.startMs());
                }
                spokenUntil = Math.max(spokenUntil, s.endMs());
            }
        });
        Set<String> actual = new TreeSet<>();
        for (Row r : query("long-silences.sql")) {
            actual.add(r.getField(0) + "|" + r.getField(1) + "|" + r.getField(2) + "|" + r.getField(3));
            assertEquals(((Long) r.getField(3) - (Long) r.getField(2)) / 1000.0, number(r.getField(4)), 1e-9);
        }
        assertEquals(expected, actual);
        assertFalse(actual.isEmpty(), "the dev calls have pauses of 5 s and more");
    }

    @Test
    void reviewAndLowConfidenceRatesPerTenantAndHour() throws Exception {
        Map<String, int[]> expected = new TreeMap<>();
        for (TranscriptSegment s : topics.finals()) {
            if (!s.text().isEmpty()) {
                int[] c = expected.computeIfAbsent(s.tenant() + "|" + hour(s.callStartMs() + s.startMs()), k -> new int[3]);
                c[0]++;
                c[1] += s.flags().contains("LOW_CONFIDENCE") ? 1 : 0;
            }
        }
        for (ReviewItem r : topics.review) {
            expected.computeIfAbsent(r.segment().tenant() + "|" + hour(r.segment().callStartMs() + r.segment().startMs()),
                    k -> new int[3])[2]++;
        }
        Map<String, int[]> actual = new TreeMap<>();
        for (Row r : query("review-rate.sql")) {
            int finals = ((Number) r.getField(3)).intValue();
            int low = ((Number) r.getField(4)).intValue();
            int reviewed = ((Number) r.getField(6)).intValue();
            actual.put(r.getField(0) + "|" + instant(r.getField(1)), new int[] {finals, low, reviewed});
            assertEquals(instant(r.getField(1)).plus(1, ChronoUnit.HOURS), instant(r.getField(2)));
            assertEquals((double) low / finals, number(r.getField(5)), 1e-9);
            assertEquals((double) reviewed / finals, number(r.getField(7)), 1e-9);
        }
        assertEquals(render(expected), render(actual));
        assertTrue(actual.size() >= 3, "two tenants, one call crossing an hour: " + render(actual));
        assertTrue(actual.values().stream().anyMatch(c -> c[2] > 0), "tiny's low-confidence finals are reviewed");
    }

    @Test
    void keywordTrendsCountTrackedWordsPerHour() throws Exception {
        Set<String> keywords = Set.of("account", "balance", "card", "transfer", "payment", "fraud", "password", "fee", "loan", "refund");
        Map<String, Long> expected = new TreeMap<>();
        for (TranscriptSegment s : topics.finals()) {
            for (String word : NORMALIZER.words(s.text())) {
                if (keywords.contains(word)) {
                    expected.merge(hour(s.callStartMs() + s.startMs()) + "|" + word, 1L, Long::sum);
                }
            }
        }
        Map<String, Long> actual = new TreeMap<>();
        for (Row r : query("keyword-trends.sql")) {
            actual.put(instant(r.getField(0)) + "|" + r.getField(2), ((Number) r.getField(3)).longValue());
        }
        assertEquals(expected, actual);
        assertFalse(actual.isEmpty(), "bank calls talk about accounts and cards");
    }

    /**
     * The dev calls mention no competitor and no cancellation, so the shipped lists rightly find
     * nothing; to see the query find what is there, the test runs it with one phrase more that the
     * calls do contain.
     */
    @Test
    void churnSignalsAreFinalsMentioningACompetitorOrACancellation() throws Exception {
        Map<String, String> phrases = new TreeMap<>(Map.ofEntries(Map.entry("debit card", "test-only"),
                Map.entry("cancel", "cancellation"), Map.entry("cancellation", "cancellation"),
                Map.entry("close my account", "cancellation"), Map.entry("closing my account", "cancellation"),
                Map.entry("switch banks", "cancellation"), Map.entry("chase", "competitor"), Map.entry("wells fargo", "competitor"),
                Map.entry("bank of america", "competitor"), Map.entry("citibank", "competitor"),
                Map.entry("capital one", "competitor"), Map.entry("another bank", "competitor")));
        Set<String> expected = new TreeSet<>();
        for (TranscriptSegment s : topics.finals()) {
            phrases.forEach((phrase, kind) -> {
                if (CONTAINS.eval(s.text(), phrase)) {
                    expected.add(s.tenant() + "|" + s.callId() + "|" + s.leg().wireName() + "|" + s.startMs() + "|" + kind + "|" + phrase);
                }
            });
        }
        Set<String> actual = new TreeSet<>();
        for (Row r : query("churn-signals.sql", Map.of("('competitor', 'another bank');",
                "('competitor', 'another bank'), ('test-only', 'debit card');"))) {
            actual.add(r.getField(0) + "|" + r.getField(1) + "|" + r.getField(2) + "|" + r.getField(3) + "|" + r.getField(4)
                    + "|" + r.getField(5));
        }
        assertEquals(expected, actual);
        assertFalse(actual.isEmpty(), "the first call's customer lost a debit card");
        assertTrue(actual.stream().allMatch(a -> a.endsWith("|test-only|debit card")), "nothing else matches: " + actual);
    }

    private static List<CallSummary> legs(Leg leg) {
        return topics.summaries.stream().filter(s -> s.leg() == leg).toList();
    }

    private static Instant hour(long epochMs) {
        return Instant.ofEpochMilli(epochMs).truncatedTo(ChronoUnit.HOURS);
    }

    /** A window bound: TIMESTAMP(3) in the session's zone (UTC here) or TIMESTAMP_LTZ. */
    private static Instant instant(Object value) {
        return value instanceof LocalDateTime t ? t.toInstant(ZoneOffset.UTC) : (Instant) value;
    }

    private static double number(Object value) {
        return ((Number) value).doubleValue();
    }

    private static String render(Map<String, int[]> counts) {
        return counts.entrySet().stream().map(e -> e.getKey() + "=" + java.util.Arrays.toString(e.getValue()))
                .collect(Collectors.joining(", "));
    }
}
