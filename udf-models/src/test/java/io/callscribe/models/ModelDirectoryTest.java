package io.callscribe.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDirectoryTest {

    @TempDir
    Path dir;

    /** A hand-made moonshine folder, as a user's own export would look. */
    private ModelManifest writeMoonshineFolder() throws IOException {
        Map<String, ModelFile> files = new LinkedHashMap<>();
        files.put(ModelKind.ENCODER, writeFile("encoder_model.onnx", "encoder bytes"));
        files.put(ModelKind.DECODER, writeFile("decoder_model_merged.onnx", "decoder bytes"));
        files.put(ModelKind.TOKENS, writeFile("tokens.txt", "<unk>\n<s>\n</s>"));
        ModelManifest manifest = new ModelManifest("my-moonshine", "moonshine", 16_000, files, "exported by hand");
        ManifestJson.write(manifest, dir.resolve(ModelManifest.FILE_NAME));
        return manifest;
    }

    private ModelFile writeFile(String name, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve(name), bytes);
        return new ModelFile(name, Sha256.of(bytes), bytes.length);
    }

    @Test
    void opensAHandMadeFolderAndResolvesRoles() throws IOException {
        ModelManifest written = writeMoonshineFolder();

        ModelDirectory model = ModelDirectory.open(dir);

        assertEquals(written, model.manifest());
        assertEquals(dir.resolve("encoder_model.onnx"), model.file("encoder"));
        assertEquals(dir.resolve("tokens.txt"), model.file("tokens"));
        model.verifyChecksums();
    }

    @Test
    void missingFileIsNamed() throws IOException {
        writeMoonshineFolder();
        Files.delete(dir.resolve("decoder_model_merged.onnx"));

        ModelException e = assertThrows(ModelException.class, () -> ModelDirectory.open(dir));
        assertTrue(e.getMessage().contains("decoder_model_merged.onnx is missing"), e.getMessage());
    }

    @Test
    void wrongSizeIsReportedWithBothSizes() throws IOException {
        writeMoonshineFolder();
        Files.writeString(dir.resolve("encoder_model.onnx"), "truncated");

        ModelException e = assertThrows(ModelException.class, () -> ModelDirectory.open(dir));
        assertTrue(e.getMessage().contains("encoder_model.onnx has 9 bytes, the manifest says 13"), e.getMessage());
    }

    @Test
    void unknownRoleListsTheKnownOnes() throws IOException {
        writeMoonshineFolder();

        ModelException e = assertThrows(ModelException.class, () -> ModelDirectory.open(dir).file("joiner"));
        assertTrue(e.getMessage().contains("'joiner'") && e.getMessage().contains("encoder, decoder, tokens"),
                e.getMessage());
    }

    @Test
    void sameSizeDifferentContentFailsOnlyTheChecksumCheck() throws IOException {
        ModelManifest manifest = writeMoonshineFolder();
        Files.writeString(dir.resolve("tokens.txt"), "<unk>\n<s>\n<X/>");
        ModelDirectory model = ModelDirectory.open(dir);

        ModelException e = assertThrows(ModelException.class, model::verifyChecksums);
        assertTrue(e.getMessage().contains("tokens.txt"), e.getMessage());
        assertTrue(e.getMessage().contains("expected sha256 " + manifest.files().get("tokens").sha256()), e.getMessage());
        assertTrue(e.getMessage().contains("actual " + Sha256.of(dir.resolve("tokens.txt"))), e.getMessage());
    }

    @Test
    void missingManifestSaysSo() {
        ModelException e = assertThrows(ModelException.class, () -> ModelDirectory.open(dir));
        assertTrue(e.getMessage().contains("No manifest.json in " + dir), e.getMessage());
    }

    @Test
    void malformedManifestSaysWhichFile() throws IOException {
        Files.writeString(dir.resolve(ModelManifest.FILE_NAME), "{\"id\": \"x\", ");

        ModelException e = assertThrows(ModelException.class, () -> ModelDirectory.open(dir));
        assertTrue(e.getMessage().contains("manifest.json is not valid"), e.getMessage());
    }

    @Test
    void aMoonshineManifestWithoutTokensIsRejected() throws IOException {
        Map<String, ModelFile> files = new LinkedHashMap<>();
        files.put(ModelKind.ENCODER, writeFile("e.onnx", "e"));
        files.put(ModelKind.DECODER, writeFile("d.onnx", "d"));
        ManifestJson.write(new ModelManifest("m", "moonshine", 16_000, files, ""), dir.resolve(ModelManifest.FILE_NAME));

        ModelException e = assertThrows(ModelException.class, () -> ModelDirectory.open(dir));
        assertTrue(e.getMessage().contains("lacks [tokens]"), e.getMessage());
    }

    @Test
    void aManifestCannotPointOutsideItsFolder() throws IOException {
        Files.writeString(dir.resolve(ModelManifest.FILE_NAME), """
                {"id": "vad", "kind": "silero-vad", "sampleRate": 16000, "source": "",
                 "files": {"model": {"name": "../../etc/passwd", "sha256": "%s", "bytes": 1}}}
                """.formatted("0".repeat(64)));

        ModelException e = assertThrows(ModelException.class, () -> ModelDirectory.open(dir));
        assertTrue(e.getMessage().contains("must be a plain file name"), e.getMessage());
    }
}
