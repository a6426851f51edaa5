package io.callscribe.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTest {

    @TempDir
    Path root;

    @Test
    void anAbsentModelSaysHowToGetIt() {
        ModelException e = assertThrows(ModelException.class, () -> new ModelStore(root).open("moonshine-base"));

        assertTrue(e.getMessage().contains("callscribe models fetch moonshine-base"), e.getMessage());
        assertTrue(e.getMessage().contains("--model-dir"), e.getMessage());
    }

    @Test
    void modelIdsCannotEscapeTheRoot() {
        ModelStore store = new ModelStore(root);

        assertThrows(ModelException.class, () -> store.dir("../elsewhere"));
        assertThrows(ModelException.class, () -> store.dir(".hidden"));
        assertEquals(root.resolve("silero-vad-v5"), store.dir("silero-vad-v5"));
    }

    @Test
    void defaultRootFollowsTheSystemPropertyWhenNoEnvironmentVariableIsSet() {
        assumeTrue(System.getenv(ModelStore.ENV_MODEL_DIR) == null, "CALLSCRIBE_MODEL_DIR is set here");
        String before = System.getProperty(ModelStore.PROPERTY_MODEL_DIR);
        try {
            System.setProperty(ModelStore.PROPERTY_MODEL_DIR, root.toString());
            assertEquals(root, ModelStore.defaultRoot());
            System.clearProperty(ModelStore.PROPERTY_MODEL_DIR);
            assertEquals(Path.of(System.getProperty("user.home"), ".cache", "callscribe", "models"),
                    ModelStore.defaultRoot());
        } finally {
            if (before != null) {
                System.setProperty(ModelStore.PROPERTY_MODEL_DIR, before);
            }
        }
    }
}
