package io.callscribe.models;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/** A root folder holding one sub-folder per model id, e.g. {@code ~/.cache/callscribe/models/moonshine-base}. */
public final class ModelStore {

    /** Environment variable that overrides the default root. */
    public static final String ENV_MODEL_DIR = "CALLSCRIBE_MODEL_DIR";
    /** System property used when the environment variable is not set. */
    public static final String PROPERTY_MODEL_DIR = "callscribe.modelDir";

    private final Path root;

    public ModelStore(Path root) {
        this.root = Objects.requireNonNull(root, "root");
    }

    /** {@code $CALLSCRIBE_MODEL_DIR}, else {@code -Dcallscribe.modelDir}, else {@code ~/.cache/callscribe/models}. */
    public static Path defaultRoot() {
        String env = System.getenv(ENV_MODEL_DIR);
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String property = System.getProperty(PROPERTY_MODEL_DIR);
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "callscribe", "models");
    }

    public Path root() {
        return root;
    }

    /** Where the model with this id lives (or would live) under the root. */
    public Path dir(String modelId) {
        requireValidId(modelId);
        return root.resolve(modelId);
    }

    public ModelDirectory open(String modelId) {
        Path dir = dir(modelId);
        if (!Files.isRegularFile(dir.resolve(ModelManifest.FILE_NAME))) {
            throw new ModelException("Model '" + modelId + "' is not in " + root + ": run `callscribe models fetch "
                    + modelId + "`, or point --model-dir at a directory that holds a " + modelId + " folder");
        }
        try {
            return ModelDirectory.open(dir);
        } catch (ModelException e) {
            throw new ModelException(e.getMessage() + " (run `callscribe models fetch " + modelId
                    + "` to fetch it again)", e);
        }
    }

    /** Model ids are folder names: letters, digits, '.', '_' and '-', not starting with '.'. */
    public static void requireValidId(String modelId) {
        if (modelId == null || !modelId.matches("[A-Za-z0-9_-][A-Za-z0-9._-]*")) {
            throw new ModelException("Invalid model id '" + modelId + "': use letters, digits, '.', '_' and '-'");
        }
    }
}
