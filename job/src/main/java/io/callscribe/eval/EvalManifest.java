package io.callscribe.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An evaluation set's {@code manifest.tsv}: tab-separated with a header row naming at least
 * {@code file} and {@code reference}; files are relative to the manifest's folder.
 */
public final class EvalManifest {

    /** One utterance or channel to transcribe and score. */
    public record Entry(Path audio, String reference, double durationSeconds) {

        /** The call an entry belongs to, for splitting by call: the file name up to its first '_' or '.'. */
        public String callId() {
            String name = audio.getFileName().toString();
            int cut = name.indexOf('_');
            return cut > 0 ? name.substring(0, cut) : name.replaceFirst("\\.[^.]+$", "");
        }
    }

    private EvalManifest() {}

    public static List<Entry> read(Path manifest) {
        List<String> lines;
        try {
            lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read manifest " + manifest, e);
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(manifest + " is empty");
        }
        Map<String, Integer> column = new HashMap<>();
        String[] header = lines.get(0).split("\t", -1);
        for (int i = 0; i < header.length; i++) {
            column.put(header[i].strip(), i);
        }
        if (!column.containsKey("file") || !column.containsKey("reference")) {
            throw new IllegalArgumentException(manifest + " needs 'file' and 'reference' columns, has " + column.keySet());
        }
        Path base = manifest.toAbsolutePath().getParent();
        List<Entry> entries = new ArrayList<>();
        for (int n = 1; n < lines.size(); n++) {
            if (lines.get(n).isBlank()) {
                continue;
            }
            String[] cells = lines.get(n).split("\t", -1);
            String duration = cell(cells, column.get("duration_s"));
            entries.add(new Entry(base.resolve(cell(cells, column.get("file"))), cell(cells, column.get("reference")),
                    duration.isEmpty() ? 0 : Double.parseDouble(duration)));
        }
        return entries;
    }

    private static String cell(String[] cells, Integer index) {
        return index == null || index >= cells.length ? "" : cells[index];
    }
}
