package io.callscribe.assembly;

import java.io.Serializable;
import java.util.Map;

/**
 * Which finals a human should check: those whose confidence is below the tenant's threshold, and
 * every FAILED one.
 *
 * @param defaultThreshold segment confidence (expected share of correct words) below which a final
 *     goes to review, for tenants without their own
 * @param tenantThresholds per-tenant overrides
 * @param includeAudio attach the segment's audio (16 kHz PCM16 WAV, base64) to review items
 */
public record ReviewPolicy(double defaultThreshold, Map<String, Double> tenantThresholds, boolean includeAudio)
        implements Serializable {

    public ReviewPolicy {
        if (defaultThreshold < 0 || defaultThreshold > 1) {
            throw new IllegalArgumentException("review threshold must be in [0, 1], got " + defaultThreshold);
        }
        tenantThresholds.forEach((tenant, t) -> {
            if (t < 0 || t > 1) {
                throw new IllegalArgumentException("review threshold of tenant " + tenant + " must be in [0, 1], got " + t);
            }
        });
        tenantThresholds = Map.copyOf(tenantThresholds);
    }

    public double threshold(String tenant) {
        return tenantThresholds.getOrDefault(tenant, defaultThreshold);
    }
}
