package io.callscribe.models;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One model's folder: a {@code manifest.json} and the files it lists, all side by side. Opening
 * checks that every file is there with its recorded size, which is cheap; {@link #verifyChecksums()}
 * reads every byte. Any folder with this layout works, whether fetched or exported by hand.
 */
public final class ModelDirectory {

    private final Path dir;
    private final ModelManifest manifest;

    private ModelDirectory(Path dir, ModelManifest manifest) {
        this.dir = dir;
        this.manifest = manifest;
    }

    public static ModelDirectory open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ModelException("Model folder " + dir + " does not exist");
        }
        ModelManifest manifest = ManifestJson.read(dir.resolve(ModelManifest.FILE_NAME));
        ModelKind.of(manifest.kind()).ifPresent(kind -> {
            List<String> missing = new ArrayList<>(kind.roles());
            missing.removeAll(manifest.files().keySet());
            if (!missing.isEmpty()) {
                throw new ModelException("Model folder " + dir + ": a '" + kind.id() + "' model needs roles "
                        + kind.roles() + " but the manifest lacks " + missing);
            }
        });
        for (ModelFile file : manifest.files().values()) {
            Path path = dir.resolve(file.name());
            if (!Files.isRegularFile(path)) {
                throw new ModelException("Model folder " + dir + " is incomplete: " + file.name() + " is missing");
            }
            long size;
            try {
                size = Files.size(path);
            } catch (IOException e) {
                throw new ModelException("Cannot read " + path + ": " + e.getMessage(), e);
            }
            if (size != file.bytes()) {
                throw new ModelException("Model folder " + dir + " is damaged: " + file.name() + " has " + size
                        + " bytes, the manifest says " + file.bytes());
            }
        }
        return new ModelDirectory(dir, manifest);
    }

    public ModelManifest manifest() {
        return manifest;
    }

    public Path dir() {
        return dir;
    }

    /** The file for a role ({@code encoder}, {@code decoder}, {@code tokens}; {@code model} for VAD). */
    public Path file(String role) {
        ModelFile file = manifest.files().get(role);
        if (file == null) {
            throw new ModelException("Model '" + manifest.id() + "' has no file for role '" + role + "'; known roles: "
                    + String.join(", ", manifest.files().keySet()));
        }
        return dir.resolve(file.name());
    }

    /** Hashes every file and compares with the manifest; throws on the first mismatch. */
    public void verifyChecksums() {
        for (Map.Entry<String, ModelFile> entry : manifest.files().entrySet()) {
            ModelFile file = entry.getValue();
            Path path = dir.resolve(file.name());
            String actual;
            try {
                actual = Sha256.of(path);
            } catch (IOException e) {
                throw new ModelException("Cannot read " + path + ": " + e.getMessage(), e);
            }
            if (!actual.equals(file.sha256())) {
                throw new ModelException("Checksum mismatch for " + path + ": expected sha256 " + file.sha256()
                        + ", actual " + actual);
            }
        }
    }

    @Override
    public String toString() {
        return "ModelDirectory[" + manifest.id() + " at " + dir + "]";
    }
}
