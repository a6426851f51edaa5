package io.callscribe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callscribe.bench.Flatness;
import io.callscribe.eval.EvalData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench-job --soak} for a short while on one call (tiny): a table of samples, a verdict per
 * figure and the same as JSON. Too short to say whether anything stays flat; it shows that every
 * figure is measured.
 */
class JobBenchSoakTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        var cli = CallscribeCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void aShortSoakPrintsEverySampleAndAVerdictPerFigure() throws Exception {
        Path json = dir.resolve("soak.json");
        int exit = run("bench-job", "--soak", "40s", "--settle", "0s", "--sample-every", "10s", "--legs", "2", "--warmup-legs", "0",
                "--model", "moonshine-tiny", "--set", "inference.provider=cpu",
                "--calls", EvalData.set("hvb-callcenter-dev").toString(), "--json", json.toString());
        System.out.print(out);
        assertEquals(0, exit, err.toString());

        List<String> rows = new ArrayList<>();
        for (String line : out.toString().lines().toList()) {
            if (line.matches(" *\\d+ +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9.]+ +\\d+ +-?\\d+")) {
                rows.add(line);
            }
        }
        assertEquals(4, rows.size(), "a row every 10 s: " + out);
        assertTrue(out.toString().contains(Flatness.RULE), out.toString());
        for (String figure : List.of("heap after GC", "off-heap", "RocksDB on disk", "RocksDB MANIFEST", "checkpoint size",
                "final latency p95")) {
            assertTrue(out.toString().lines().anyMatch(l -> l.matches(" +" + figure + " +(flat|GROWS|n/a).*")), figure + ": " + out);
        }

        JsonNode result = new ObjectMapper().readTree(json.toFile());
        assertEquals(2, result.get("legs").asInt());
        JsonNode samples = result.get("samples");
        assertEquals(4, samples.size());
        int finals = 0;
        for (JsonNode s : samples) {
            assertTrue(s.get("heapAfterGcBytes").asLong() > 0, s.toString());
            assertTrue(s.get("offHeapBytes").asLong() > 0, "resident memory beyond the heap: " + s);
            finals += s.get("finals").asInt();
        }
        JsonNode last = samples.get(samples.size() - 1);
        assertTrue(last.get("rocksDbBytes").asLong() > 0, "the job's keyed state on disk: " + last);
        long manifest = last.get("rocksDbManifestBytes").asLong();
        assertTrue(manifest > 0 && manifest < last.get("rocksDbBytes").asLong(), "RocksDB's MANIFEST, a part of its files: " + last);
        assertTrue(last.get("checkpointBytes").asLong() > 0, "checkpoints completed: " + last);
        assertTrue(finals > 0, "finals came out during the soak");
        assertEquals(6, result.get("verdicts").size());
        for (JsonNode v : result.get("verdicts")) {
            assertTrue(Set.of("flat", "GROWS").contains(v.get("verdict").asText()), "four samples are enough to judge: " + v);
        }
    }

    @Test
    void aSoakRunsOneLoadLevel() {
        assertEquals(2, run("bench-job", "--soak", "40s", "--legs", "8,16"));
        assertTrue(err.toString().contains("--soak runs one load level"), err.toString());
    }
}
