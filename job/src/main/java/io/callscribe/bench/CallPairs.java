package io.callscribe.bench;

import io.callscribe.eval.EvalManifest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The two-leg calls of an evaluation set: each {@code calls/agent} channel with its {@code calls/caller} twin. */
public final class CallPairs {

    private CallPairs() {}

    /** @return agent and customer recordings per call, from the set's {@code calls_manifest.tsv} */
    public static List<Path[]> of(Path set) {
        List<Path[]> calls = new ArrayList<>();
        for (EvalManifest.Entry e : EvalManifest.read(set.resolve("calls_manifest.tsv"))) {
            if (e.audio().getParent().getFileName().toString().equals("agent")) {
                calls.add(new Path[] {e.audio(), e.audio().getParent().resolveSibling("caller").resolve(e.audio().getFileName())});
            }
        }
        return calls;
    }
}
