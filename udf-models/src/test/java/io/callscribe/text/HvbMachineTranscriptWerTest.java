package io.callscribe.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scores the HarperValleyBank corpus's own machine transcript (the {@code notes} column) against
 * the human reference. The eval README gives 7.1 % WER for it on all 176 segments of the 12-call
 * subset; our 55 segments of 4 calls should land near that, and a figure far off would point at a
 * normalization or alignment bug rather than at the recognizer.
 */
class HvbMachineTranscriptWerTest {

    private static final String MACHINE_MARKER = "machine transcript (not reference): ";

    private final TranscriptNormalizer normalizer = new TranscriptNormalizer();
    private List<Map<String, String>> rows;

    @BeforeEach
    void readManifest() throws IOException {
        String evalDir = System.getProperty("callscribe.evalDir");
        assumeTrue(evalDir != null, "callscribe.evalDir not set");
        Path manifest = Path.of(evalDir, "hvb-callcenter-dev", "manifest.tsv");
        assumeTrue(Files.isRegularFile(manifest), "no HVB manifest at " + manifest);

        List<String> lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
        List<String> header = Arrays.asList(lines.get(0).split("\t", -1));
        rows = lines.stream().skip(1).filter(line -> !line.isBlank()).map(line -> {
            String[] fields = line.split("\t", -1);
            return IntStream.range(0, header.size()).boxed()
                    .collect(Collectors.toMap(header::get, i -> i < fields.length ? fields[i] : ""));
        }).toList();
    }

    @Test
    void machineTranscriptPooledWerIsNearThePublishedFigure() {
        WordErrorRate scorer = new WordErrorRate(normalizer);
        ErrorCounts pooled = ErrorCounts.ZERO;
        int scored = 0;
        for (Map<String, String> row : rows) {
            String notes = row.get("notes");
            int at = notes.indexOf(MACHINE_MARKER);
            assertTrue(at >= 0, "no machine transcript in notes of " + row.get("file"));
            pooled = pooled.plus(scorer.score(row.get("reference"), notes.substring(at + MACHINE_MARKER.length())));
            scored++;
        }
        System.out.printf("HVB machine transcript over %d segments: %s%n", scored, pooled);

        assertEquals(55, scored, "the README describes about 55 segments");
        // 7.1 % over 176 segments; a 55-segment subset of ~370 words has a binomial standard error of
        // about 1.4 points, and per-call variation adds more, so 2-15 % is loose but still catches a
        // broken normalizer (which would push it well past 15 %) or a scorer that sees no errors.
        assertTrue(pooled.wer() > 0.02 && pooled.wer() < 0.15, "pooled " + pooled);
    }

    @Test
    void referenceNormHasTheSameScoringWordsAsReference() {
        for (Map<String, String> row : rows) {
            assertEquals(normalizer.words(row.get("reference")), normalizer.words(row.get("reference_norm")),
                    row.get("file"));
        }
    }

    @Test
    void manifestHasTheDocumentedColumns() {
        for (String column : List.of("file", "reference", "reference_norm", "notes")) {
            assertTrue(rows.get(0).containsKey(column), "column " + column);
        }
    }
}
