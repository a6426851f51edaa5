package io.callscribe.pipeline;

import io.callscribe.contract.Leg;

/** The key of all per-leg state: one side of one call of one tenant. */
public record LegKey(String tenant, String callId, Leg leg) {

    @Override
    public String toString() {
        return tenant + "/" + callId + "/" + leg.wireName();
    }
}
