package io.callscribe.job;

import java.io.Serializable;
import java.util.Map;

/**
 * Per-tenant input limits: concurrent calls and frames per second, a default for every tenant and
 * overrides by tenant. 0 means no limit.
 */
public record TenantLimits(int maxConcurrentCalls, int maxFramesPerSecond, Map<String, Integer> tenantMaxConcurrentCalls,
        Map<String, Integer> tenantMaxFramesPerSecond) implements Serializable {

    public static final TenantLimits NONE = new TenantLimits(0, 0, Map.of(), Map.of());

    public TenantLimits {
        if (maxConcurrentCalls < 0 || maxFramesPerSecond < 0) {
            throw new IllegalArgumentException("limits must be 0 (none) or positive: calls " + maxConcurrentCalls
                    + ", frames per second " + maxFramesPerSecond);
        }
        tenantMaxConcurrentCalls = Map.copyOf(tenantMaxConcurrentCalls);
        tenantMaxFramesPerSecond = Map.copyOf(tenantMaxFramesPerSecond);
        tenantMaxConcurrentCalls.forEach((tenant, max) -> requireNonNegative("limits.tenant-max-concurrent-calls", tenant, max));
        tenantMaxFramesPerSecond.forEach((tenant, max) -> requireNonNegative("limits.tenant-max-frames-per-second", tenant, max));
    }

    public int maxConcurrentCalls(String tenant) {
        return tenantMaxConcurrentCalls.getOrDefault(tenant, maxConcurrentCalls);
    }

    public int maxFramesPerSecond(String tenant) {
        return tenantMaxFramesPerSecond.getOrDefault(tenant, maxFramesPerSecond);
    }

    /** True when no tenant has a limit, so the job needs no limiter. */
    public boolean unlimited() {
        return maxConcurrentCalls == 0 && maxFramesPerSecond == 0 && tenantMaxConcurrentCalls.values().stream().allMatch(v -> v == 0)
                && tenantMaxFramesPerSecond.values().stream().allMatch(v -> v == 0);
    }

    private static void requireNonNegative(String option, String tenant, int max) {
        if (max < 0) {
            throw new IllegalArgumentException(option + ": tenant " + tenant + " has " + max + ", must be 0 (none) or positive");
        }
    }
}
