package io.callscribe.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.callscribe.assembly.TenantPiiPolicies;
import io.callscribe.text.pii.PiiPolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** pii.policy and pii.tenant-policies reach the assembler's settings. */
class PiiOptionsTest {

    @Test
    void redactIsTheDefaultAndTheShippedConfigurationSaysSo() {
        assertEquals(TenantPiiPolicies.all(PiiPolicy.REDACT), TranscriptionPipeline.pii(JobConfiguration.load(null, List.of())));
        assertEquals(TenantPiiPolicies.all(PiiPolicy.REDACT),
                TranscriptionPipeline.pii(JobConfiguration.load(Path.of("../config/callscribe.yaml"), List.of())));
    }

    @Test
    void perTenantPoliciesInAnyCase() {
        TenantPiiPolicies policies = TranscriptionPipeline.pii(JobConfiguration.load(null,
                List.of("pii.policy=tag", "pii.tenant-policies=acme:off,globex:Redact")));
        assertEquals(new TenantPiiPolicies(PiiPolicy.TAG, Map.of("acme", PiiPolicy.OFF, "globex", PiiPolicy.REDACT)), policies);
        assertEquals(PiiPolicy.TAG, policies.policy("initech"));
    }

    @Test
    void anUnknownPolicyIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                TranscriptionPipeline.pii(JobConfiguration.load(null, List.of("pii.tenant-policies=acme:mask"))));
        assertEquals("PII policy must be one of [redact, tag, off], not 'mask'", e.getMessage());
    }
}
