package io.callscribe.cli;

import io.callscribe.eval.EvalData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Unusable audio in a manifest gets a clear error per file; the rest is still scored. */
class EvalBadInputTest {

    @Test
    void badFilesAreSkippedWithTheirReasonAndTheRunExitsNonZero(@TempDir Path dir) throws Exception {
        Path good = EvalData.set("hvb-callcenter-dev").resolve("segments/0002f70f7386445b_001_agent.wav");
        Files.copy(good, dir.resolve("good.wav"));
        Files.write(dir.resolve("empty.wav"), new byte[0]);
        Files.writeString(dir.resolve("text.wav"), "<html><body>not audio</body></html>");
        byte[] truncated = Files.readAllBytes(good);
        Files.write(dir.resolve("truncated.wav"), java.util.Arrays.copyOf(truncated, 30));
        byte[] zeroRate = Files.readAllBytes(good);
        zeroRate[24] = zeroRate[25] = zeroRate[26] = zeroRate[27] = 0; // fmt chunk sample rate
        Files.write(dir.resolve("zero-rate.wav"), zeroRate);
        Files.writeString(dir.resolve("manifest.tsv"), String.join("\n",
                "file\treference",
                "empty.wav\tx", "text.wav\tx", "truncated.wav\tx", "zero-rate.wav\tx", "missing.wav\tx",
                "good.wav\thello this is harper valley national bank"), StandardCharsets.UTF_8);

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = CallscribeCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute("eval", "--manifest", dir.resolve("manifest.tsv").toString(), "--model", "moonshine-tiny",
                "--provider", "cpu", "--quiet");

        assertEquals(1, exit, "skipped entries must make the run fail; stderr:\n" + err);
        for (String name : new String[] {"empty.wav", "text.wav", "truncated.wav", "zero-rate.wav", "missing.wav"}) {
            assertTrue(err.toString().contains(name), name + " not named in:\n" + err);
        }
        assertTrue(out.toString().contains("N=7)"), "the good entry is still scored:\n" + out);
    }

    @Test
    void aManifestWithoutTheNeededColumnsIsAClearError(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("manifest.tsv"), "path\ttext\nx.wav\thello\n");
        StringWriter err = new StringWriter();
        CommandLine cli = CallscribeCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute("eval", "--manifest", dir.resolve("manifest.tsv").toString(), "--model", "moonshine-tiny");
        assertEquals(1, exit);
        assertTrue(err.toString().contains("needs 'file' and 'reference' columns"), err.toString());
    }

    @Test
    void aTenantFileBreakingTheLimitsIsAClearError(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("acme.yaml");
        Files.writeString(file, "version: 1\nphrases:\n  - {text: Acme, boost: 50}\n");
        StringWriter err = new StringWriter();
        CommandLine cli = CallscribeCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute("eval-hotwords", "--tenant-file", file.toString(), "--models", "moonshine-tiny",
                "--set", EvalData.set("hvb-callcenter-dev").toString());
        assertEquals(1, exit);
        assertTrue(err.toString().contains(file + ": phrase 1 'Acme' has boost 50.0; it must be 0.1..5.0"), err.toString());
    }
}
