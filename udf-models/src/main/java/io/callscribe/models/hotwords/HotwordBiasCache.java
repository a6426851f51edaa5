package io.callscribe.models.hotwords;

import io.callscribe.models.asr.DecodingBias;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Compiled context graphs for the inference executor: a tenant's graph once per (tenant, version),
 * a call's added phrases once per call, both kept least-recently-used up to a bound. A request's
 * bias is the pair followed side by side; nothing is compiled per request. Thread-safe; a compile
 * holds the lock (a 2,000-phrase set takes tens of milliseconds, once per version).
 */
public final class HotwordBiasCache {

    private record TenantKey(String tenant, long version) {}

    private record CallKey(TenantKey tenant, List<HotPhrase> phrases) {}

    private final HotwordCompiler compiler;
    private final Map<TenantKey, HotwordGraph> tenants;
    private final Map<CallKey, HotwordGraph> calls;
    private long compiles;

    /**
     * @param maxTenantGraphs tenant graphs kept (a new version of a tenant's set is a new entry)
     * @param maxCallGraphs call graphs kept: about the number of calls in progress
     */
    public HotwordBiasCache(HotwordCompiler compiler, int maxTenantGraphs, int maxCallGraphs) {
        if (maxTenantGraphs < 1 || maxCallGraphs < 1) {
            throw new IllegalArgumentException("cache bounds must be >= 1");
        }
        this.compiler = compiler;
        this.tenants = lru(maxTenantGraphs);
        this.calls = lru(maxCallGraphs);
    }

    private static <K, V> Map<K, V> lru(int bound) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > bound;
            }
        };
    }

    /**
     * The bias for one request.
     *
     * @param tenant the tenant's current set, or null for none
     * @param call the call's added phrases ({@link HotwordSet#call}), or null for none; phrases the
     *     tenant's set already has are left to the tenant's graph, so none is boosted twice
     * @throws HotwordException when a set cannot be compiled for this model
     */
    public synchronized DecodingBias biasFor(HotwordSet tenant, HotwordSet call) {
        boolean hasTenant = tenant != null && !tenant.isEmpty();
        boolean hasCall = call != null && !call.isEmpty();
        if (!hasTenant && !hasCall) {
            return DecodingBias.NONE;
        }
        TenantKey tenantKey = hasTenant ? new TenantKey(tenant.owner(), tenant.version()) : null;
        HotwordGraph tenantGraph = hasTenant ? compiled(tenants, tenantKey, tenant) : HotwordGraph.EMPTY;
        if (!hasCall) {
            return tenantGraph;
        }
        List<HotPhrase> extra = call.phrases();
        if (hasTenant) {
            Set<String> known = tenant.phrases().stream().map(HotPhrase::key).collect(Collectors.toSet());
            extra = extra.stream().filter(p -> !known.contains(p.key())).toList();
        }
        if (extra.isEmpty()) {
            return tenantGraph;
        }
        HotwordGraph callGraph = compiled(calls, new CallKey(tenantKey, extra), new HotwordSet(call.owner(), 0, extra));
        return hasTenant ? new GraphPair(tenantGraph, callGraph) : callGraph;
    }

    private <K> HotwordGraph compiled(Map<K, HotwordGraph> cache, K key, HotwordSet set) {
        HotwordGraph graph = cache.get(key);
        if (graph == null) {
            graph = compiler.compile(set);
            compiles++;
            cache.put(key, graph);
        }
        return graph;
    }

    /** Graphs compiled so far: stays flat while requests repeat tenants and calls. */
    public synchronized long compileCount() {
        return compiles;
    }
}
