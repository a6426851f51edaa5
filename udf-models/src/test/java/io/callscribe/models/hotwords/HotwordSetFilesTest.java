package io.callscribe.models.hotwords;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HotwordSetFilesTest {

    @Test
    void readsEveryTenantFileOfAFolder(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("acme.yaml"), """
                version: 3
                default-boost: 2.0
                phrases:
                  - Acme Rewards Card
                  - text: Acme
                    boost: 1.0
                """);
        Files.writeString(dir.resolve("globex.yml"), "version: 1\nphrases: [Globex]\n");
        Files.writeString(dir.resolve("README.txt"), "not a tenant");
        Map<String, HotwordSet> sets = HotwordSetFiles.readDirectory(dir, HotwordLimits.DEFAULTS);
        assertEquals(List.of("acme", "globex"), List.copyOf(sets.keySet()));
        HotwordSet acme = sets.get("acme");
        assertEquals(3, acme.version());
        assertEquals(List.of(new HotPhrase("Acme Rewards Card", 2f), new HotPhrase("Acme", 1f)), acme.phrases());
        assertEquals(List.of(HotPhrase.of("Globex")), sets.get("globex").phrases());
    }

    @Test
    void aBadFileIsRejectedWithItsNameAndEveryProblem(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("acme.yaml");
        Files.writeString(file, """
                version: one
                boost: 2
                phrases:
                  - Acme
                  - {text: Acme Card, boost: high}
                """);
        HotwordException e = assertThrows(HotwordException.class, () -> HotwordSetFiles.read(file, HotwordLimits.DEFAULTS));
        assertEquals(List.of("unknown key 'boost' (expected default-boost, phrases, version)",
                "'version' must be a whole number >= 0",
                "phrase 2 must be a string or {text: ..., boost: <number>}"), e.problems());
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());

        Files.writeString(file, "version: 1\nphrases: [Acme, 'Acme 🦙']\n");
        HotwordException limits = assertThrows(HotwordException.class, () -> HotwordSetFiles.read(file, HotwordLimits.DEFAULTS));
        assertEquals(file + ": phrase 2 'Acme 🦙' has the character '🦙' (U+1F999); use letters, digits, spaces and '-.&",
                limits.getMessage());

        Files.writeString(file, "version: 1\nphrases: [unclosed\n");
        assertTrue(assertThrows(HotwordException.class, () -> HotwordSetFiles.read(file, HotwordLimits.DEFAULTS))
                .getMessage().contains("not valid YAML"));
    }

    @Test
    void theShippedTenantFilesLoad() {
        // tests run in the module's folder
        Map<String, HotwordSet> sets = HotwordSetFiles.readDirectory(Path.of("../config/hotwords"), HotwordLimits.DEFAULTS);
        assertTrue(sets.containsKey("harper-valley"), sets.keySet().toString());
    }
}
