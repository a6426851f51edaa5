package io.callscribe.models;

import java.util.Objects;

/**
 * One file of a model folder: its plain file name inside the folder, its sha256 (lower-case hex)
 * and its exact size in bytes.
 */
public record ModelFile(String name, String sha256, long bytes) {

    public ModelFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sha256, "sha256");
        // The folder may be a user's own export: never let a manifest point outside it.
        if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.equals(".") || name.equals("..")) {
            throw new ModelException("Model file name '" + name + "' must be a plain file name inside the model folder");
        }
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new ModelException("Model file '" + name + "': sha256 must be 64 lower-case hex digits, got '" + sha256 + "'");
        }
        if (bytes < 0) {
            throw new ModelException("Model file '" + name + "': bytes must be >= 0, got " + bytes);
        }
    }
}
