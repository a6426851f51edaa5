package io.callscribe.models.hotwords;

import io.callscribe.models.asr.DecodingBias;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A tenant's graph and a call's graph followed side by side, so the tenant's large graph is never
 * rebuilt for a call's few names. The int state packs both nodes: {@code tenant * callSize + call}.
 */
final class GraphPair implements DecodingBias {

    private final HotwordGraph tenant;
    private final HotwordGraph call;
    private final int radix;
    private final int[] startContinuations;

    GraphPair(HotwordGraph tenant, HotwordGraph call) {
        try {
            Math.multiplyExact(tenant.size(), call.size());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("hot-word graphs of " + tenant.size() + " and " + call.size()
                    + " nodes are too large to follow together; lower the hot-word limits");
        }
        this.tenant = tenant;
        this.call = call;
        this.radix = call.size();
        this.startContinuations = union(tenant.continuations(tenant.startState()), call.continuations(call.startState()));
    }

    @Override
    public int startState() {
        return tenant.startState() * radix + call.startState();
    }

    @Override
    public Step advance(int state, int token) {
        Step t = tenant.advance(state / radix, token);
        Step c = call.advance(state % radix, token);
        return new Step(t.bonus() + c.bonus(), t.nextState() * radix + c.nextState());
    }

    @Override
    public float finish(int state) {
        return tenant.finish(state / radix) + call.finish(state % radix);
    }

    @Override
    public float promise(int state) {
        return tenant.promise(state / radix) + call.promise(state % radix);
    }

    /** Both graphs' continuations, each token once; the start state's array is shared (callers only read it). */
    @Override
    public int[] continuations(int state) {
        return state == startState() ? startContinuations
                : union(tenant.continuations(state / radix), call.continuations(state % radix));
    }

    private static int[] union(int[] a, int[] b) {
        int[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        Arrays.sort(all);
        int n = 0;
        for (int i = 0; i < all.length; i++) {
            if (i == 0 || all[i] != all[i - 1]) {
                all[n++] = all[i];
            }
        }
        return Arrays.copyOf(all, n);
    }

    @Override
    public List<String> matchedPhrases(int[] tokens) {
        Set<String> all = new LinkedHashSet<>(tenant.matchedPhrases(tokens));
        all.addAll(call.matchedPhrases(tokens));
        return List.copyOf(all);
    }
}
