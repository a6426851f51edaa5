package io.callscribe.models.hotwords;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A tenant's hot phrases at one version (a new version replaces the old), or the phrases added for
 * one call. Built through {@link #tenant} or {@link #call}, which check the limits.
 *
 * @param owner the tenant id, or {@code call:<id>} for a call's additions
 * @param version increases whenever a tenant's phrases change; compiled graphs are cached per
 *     (owner, version)
 */
public record HotwordSet(String owner, long version, List<HotPhrase> phrases) {

    private static final String CALL_PREFIX = "call:";

    public HotwordSet {
        Objects.requireNonNull(owner, "owner");
        phrases = List.copyOf(phrases);
    }

    /**
     * A tenant's set; phrases may not repeat (case aside), since two boosts for one phrase would be
     * ambiguous.
     *
     * @throws HotwordException naming every phrase that breaks a limit
     */
    public static HotwordSet tenant(String tenant, long version, List<HotPhrase> phrases, HotwordLimits limits) {
        List<String> problems = new ArrayList<>();
        if (tenant == null || tenant.isBlank()) {
            problems.add("the tenant id is empty");
        }
        if (phrases.size() > limits.maxPhrases()) {
            problems.add(phrases.size() + " phrases; at most " + limits.maxPhrases());
        }
        Map<String, Integer> first = new HashMap<>();
        for (int i = 0; i < phrases.size(); i++) {
            HotPhrase p = phrases.get(i);
            problems.addAll(limits.problems(i, p));
            Integer earlier = first.putIfAbsent(p.key(), i);
            if (earlier != null) {
                problems.add(HotwordLimits.describe(i, p) + " repeats phrase " + (earlier + 1));
            }
        }
        if (!problems.isEmpty()) {
            throw new HotwordException(new HotwordSet(String.valueOf(tenant), version, List.of()).describe(), problems);
        }
        return new HotwordSet(tenant, version, phrases);
    }

    /**
     * Phrases added for one call, all with the same boost; repeats (case aside) are dropped, since
     * such lists come from other systems (CRM, routing) that may repeat a name.
     *
     * @throws HotwordException naming every phrase that breaks a limit
     */
    public static HotwordSet call(String callId, List<String> texts, float boost, HotwordLimits limits) {
        Map<String, HotPhrase> unique = new LinkedHashMap<>();
        for (String t : texts) {
            HotPhrase p = new HotPhrase(t, boost);
            unique.putIfAbsent(p.key(), p);
        }
        List<HotPhrase> phrases = List.copyOf(unique.values());
        List<String> problems = new ArrayList<>();
        if (phrases.size() > limits.maxCallPhrases()) {
            problems.add(phrases.size() + " phrases; at most " + limits.maxCallPhrases() + " per call");
        }
        for (int i = 0; i < phrases.size(); i++) {
            problems.addAll(limits.problems(i, phrases.get(i)));
        }
        if (!problems.isEmpty()) {
            throw new HotwordException(new HotwordSet(CALL_PREFIX + callId, 0, List.of()).describe(), problems);
        }
        return new HotwordSet(CALL_PREFIX + callId, 0, phrases);
    }

    /** Names the set in messages: "hot words of tenant 'acme' version 3", "hot words of call 'c-1'". */
    public String describe() {
        return owner.startsWith(CALL_PREFIX) ? "hot words of call '" + owner.substring(CALL_PREFIX.length()) + "'"
                : "hot words of tenant '" + owner + "' version " + version;
    }

    public boolean isEmpty() {
        return phrases.isEmpty();
    }
}
