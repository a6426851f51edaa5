package io.callscribe.models;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The content of a model folder's {@code manifest.json}: which model it is, what kind, the sample
 * rate it expects, its files by role, and where the files came from (free text, for people).
 */
public record ModelManifest(String id, String kind, int sampleRate, Map<String, ModelFile> files, String source) {

    public static final String FILE_NAME = "manifest.json";

    public ModelManifest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(files, "files");
        if (sampleRate <= 0) {
            throw new ModelException("Model '" + id + "': sampleRate must be positive, got " + sampleRate);
        }
        if (files.isEmpty()) {
            throw new ModelException("Model '" + id + "': the manifest lists no files");
        }
        files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
        source = source == null ? "" : source;
    }

    /** Sum of all file sizes. */
    public long totalBytes() {
        return files.values().stream().mapToLong(ModelFile::bytes).sum();
    }
}
