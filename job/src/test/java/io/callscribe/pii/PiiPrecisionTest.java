package io.callscribe.pii;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.callscribe.eval.EvalData;
import io.callscribe.eval.EvalManifest;
import io.callscribe.eval.PiiReport;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Redaction on ordinary speech: the human references of the evaluation sets hold no card, phone or
 * social-security numbers and no e-mail addresses, so whatever is redacted in them is wrongly
 * redacted. (The recognized side is measured by {@code callscribe eval --pii}, see README.)
 */
class PiiPrecisionTest {

    @Test
    void nothingIsRedactedInTheHvbCallsOrTheReadEnglishReferences() {
        PiiReport hvb = new PiiReport();
        EvalManifest.read(EvalData.set("hvb-callcenter-dev").resolve("calls_manifest.tsv")).forEach(e -> hvb.add(e.reference()));
        EvalManifest.read(EvalData.set("hvb-callcenter-dev").resolve("manifest.tsv")).forEach(e -> hvb.add(e.reference()));
        PiiReport readEnglish = new PiiReport();
        EvalManifest.read(EvalData.set("read-en").resolve("manifest.tsv")).forEach(e -> readEnglish.add(e.reference()));
        System.out.print(hvb.format("HVB dev references (whole channels and segments)"));
        System.out.print(readEnglish.format("read-en references"));
        assertEquals(List.of(), hvb.spans());
        assertEquals(List.of(), readEnglish.spans());
    }
}
