package io.callscribe.models.hotwords;

import java.io.Serializable;
import java.util.List;

/**
 * How a deployment checks and weighs hot words: the limits every set must keep, and the boost of a
 * call's own phrases (the call-started event names phrases only; tenant sets name their boosts).
 *
 * @param limits what a tenant's or a call's set may hold
 * @param callBoost boost of each phrase added for one call
 */
public record HotwordRules(HotwordLimits limits, float callBoost) implements Serializable {

    public static final HotwordRules DEFAULTS = new HotwordRules(HotwordLimits.DEFAULTS, HotPhrase.DEFAULT_BOOST);

    public HotwordRules {
        if (!(callBoost >= limits.minBoost() && callBoost <= limits.maxBoost())) {
            throw new IllegalArgumentException("call hot-word boost " + callBoost + " is outside " + limits.minBoost() + ".."
                    + limits.maxBoost());
        }
    }

    /**
     * A call's own phrases as a set.
     *
     * @throws HotwordException naming each limit the phrases break
     */
    public HotwordSet callSet(String callId, List<String> phrases) {
        return HotwordSet.call(callId, phrases, callBoost, limits);
    }
}
