package io.callscribe.assembly;

import io.callscribe.text.pii.PiiPolicy;

import java.io.Serializable;
import java.util.Map;
import java.util.Objects;

/**
 * Which PII policy applies to a tenant's transcripts: partials, finals, review items and summaries
 * alike, before anything leaves the assembler.
 *
 * @param defaultPolicy for tenants without their own
 * @param tenantPolicies per-tenant overrides
 */
public record TenantPiiPolicies(PiiPolicy defaultPolicy, Map<String, PiiPolicy> tenantPolicies) implements Serializable {

    public TenantPiiPolicies {
        Objects.requireNonNull(defaultPolicy, "defaultPolicy");
        tenantPolicies = Map.copyOf(tenantPolicies);
    }

    /** Every tenant under one policy. */
    public static TenantPiiPolicies all(PiiPolicy policy) {
        return new TenantPiiPolicies(policy, Map.of());
    }

    public PiiPolicy policy(String tenant) {
        return tenantPolicies.getOrDefault(tenant, defaultPolicy);
    }
}
