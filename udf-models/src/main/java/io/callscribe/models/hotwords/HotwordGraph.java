package io.callscribe.models.hotwords;

import io.callscribe.models.asr.DecodingBias;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The context graph of a hot-word set: an Aho-Corasick automaton over the token sequences of every
 * phrase's forms, immutable and shared by all requests. A hypothesis carries only its node (the
 * int state). Each token that follows a phrase earns the phrase's boost; reaching a phrase's end
 * banks what the phrase earned; leaving a phrase before its end takes back what was earned since
 * the last banked end, as does {@link #finish}. So a completed phrase is worth (boost x tokens), a
 * failed partial match nothing, and a longer phrase that extends a completed one (Harper Valley,
 * Harper Valley Bank) earns only its extra tokens. Phrases that end inside another phrase's match
 * are reported ({@link #matchedPhrases}) but earn nothing beyond the match they are part of.
 */
public final class HotwordGraph implements DecodingBias {

    private static final int ROOT = 0;

    private final List<String> phrases;
    // children of node n: childTokens/childNodes[childStart[n] .. childStart[n+1]), tokens sorted
    private final int[] childStart;
    private final int[] childTokens;
    private final int[] childNodes;
    private final int[] fail;
    /** Earned and not yet banked: taken back when the match fails. 0 at a phrase's end. */
    private final float[] pending;
    /** Banked on arriving at a phrase's end: what was pending plus the last token's boost. */
    private final float[] gain;
    /** Phrase indexes that end at each node, own and through suffix links (Aho-Corasick outputs). */
    private final int[][] outputs;
    /**
     * The most a hypothesis at each node can earn with the next token of a phrase it has begun: 0 at
     * an end that no longer phrase extends, the extension's next boost at one that does.
     */
    private final float[] promise;
    /** The root's children: the continuations of most steps, where no phrase has begun. */
    private final int[] rootContinuations;

    /** One token sequence to match: a written form of phrase number {@code phrase}. */
    record Form(int[] tokens, float boost, int phrase) {}

    static final HotwordGraph EMPTY = build(List.of(), List.of());

    private HotwordGraph(List<String> phrases, int[] childStart, int[] childTokens, int[] childNodes, int[] fail,
            float[] pending, float[] gain, int[][] outputs, float[] promise) {
        this.phrases = phrases;
        this.childStart = childStart;
        this.childTokens = childTokens;
        this.childNodes = childNodes;
        this.fail = fail;
        this.pending = pending;
        this.gain = gain;
        this.outputs = outputs;
        this.promise = promise;
        this.rootContinuations = Arrays.copyOfRange(childTokens, childStart[ROOT], childStart[ROOT + 1]);
    }

    /** Builds the automaton; shared prefixes take the largest boost of the phrases through them. */
    static HotwordGraph build(List<String> phrases, List<Form> forms) {
        List<Map<Integer, Integer>> children = new ArrayList<>();
        List<Float> edgeBoost = new ArrayList<>();
        List<Integer> parent = new ArrayList<>();
        List<List<Integer>> own = new ArrayList<>();
        children.add(new HashMap<>());
        edgeBoost.add(0f);
        parent.add(-1);
        own.add(new ArrayList<>());
        for (Form form : forms) {
            int node = ROOT;
            for (int token : form.tokens()) {
                Integer child = children.get(node).get(token);
                if (child == null) {
                    child = children.size();
                    children.get(node).put(token, child);
                    children.add(new HashMap<>());
                    edgeBoost.add(form.boost());
                    parent.add(node);
                    own.add(new ArrayList<>());
                } else {
                    edgeBoost.set(child, Math.max(edgeBoost.get(child), form.boost()));
                }
                node = child;
            }
            if (!own.get(node).contains(form.phrase())) {
                own.get(node).add(form.phrase());
            }
        }
        int n = children.size();
        int[] childStart = new int[n + 1];
        for (int i = 0; i < n; i++) {
            childStart[i + 1] = childStart[i] + children.get(i).size();
        }
        int[] childTokens = new int[childStart[n]];
        int[] childNodes = new int[childStart[n]];
        for (int i = 0; i < n; i++) {
            int[] tokens = children.get(i).keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
            for (int k = 0; k < tokens.length; k++) {
                childTokens[childStart[i] + k] = tokens[k];
                childNodes[childStart[i] + k] = children.get(i).get(tokens[k]);
            }
        }
        HotwordGraph g = new HotwordGraph(List.copyOf(phrases), childStart, childTokens, childNodes, new int[n],
                new float[n], new float[n], new int[n][], new float[n]);
        g.link(parent, edgeBoost, own);
        for (int node = 1; node < n; node++) {
            float best = own.get(node).isEmpty() ? Float.NEGATIVE_INFINITY : 0f;
            for (int k = childStart[node]; k < childStart[node + 1]; k++) {
                best = Math.max(best, edgeBoost.get(childNodes[k]));
            }
            g.promise[node] = best;
        }
        return g;
    }

    /** Fail links, scores and outputs, breadth-first so every node's fail target is done before it. */
    private void link(List<Integer> parent, List<Float> edgeBoost, List<List<Integer>> own) {
        outputs[ROOT] = new int[0];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        queue.add(ROOT);
        while (!queue.isEmpty()) {
            int node = queue.poll();
            for (int k = childStart[node]; k < childStart[node + 1]; k++) {
                int child = childNodes[k];
                int token = childTokens[k];
                int f = ROOT;
                if (node != ROOT) {
                    f = fail[node];
                    while (child(f, token) < 0 && f != ROOT) {
                        f = fail[f];
                    }
                    f = Math.max(ROOT, child(f, token));
                }
                fail[child] = f;
                float earned = pending[node] + edgeBoost.get(child);
                boolean end = !own.get(child).isEmpty();
                pending[child] = end ? 0f : earned;
                gain[child] = end ? earned : 0f;
                Set<Integer> out = new LinkedHashSet<>(own.get(child));
                for (int p : outputs[f]) {
                    out.add(p);
                }
                outputs[child] = out.stream().mapToInt(Integer::intValue).toArray();
                queue.add(child);
            }
        }
    }

    private int child(int node, int token) {
        int k = Arrays.binarySearch(childTokens, childStart[node], childStart[node + 1], token);
        return k >= 0 ? childNodes[k] : -1;
    }

    /** The node after {@code token}: the longest phrase prefix that ends the text so far. */
    private int next(int node, int token) {
        for (int s = node; ; s = fail[s]) {
            int c = child(s, token);
            if (c >= 0) {
                return c;
            }
            if (s == ROOT) {
                return ROOT;
            }
        }
    }

    @Override
    public int startState() {
        return ROOT;
    }

    @Override
    public Step advance(int state, int token) {
        int next = next(state, token);
        return new Step(pending[next] - pending[state] + gain[next], next);
    }

    @Override
    public float finish(int state) {
        return -pending[state];
    }

    @Override
    public float promise(int state) {
        return promise[state];
    }

    /**
     * Children along the suffix chain from {@code state} to the root, each token once: where two
     * nodes of the chain have a child for the same token, {@link #next} takes the deeper one. The
     * root's array is shared: callers only read it.
     */
    @Override
    public int[] continuations(int state) {
        if (state == ROOT) {
            return rootContinuations;
        }
        int[] tokens = new int[childStart[state + 1] - childStart[state] + childStart[ROOT + 1]];
        int count = 0;
        for (int s = state; ; s = fail[s]) {
            for (int k = childStart[s]; k < childStart[s + 1]; k++) {
                if (!hasChildBefore(state, s, childTokens[k])) {
                    if (count == tokens.length) {
                        tokens = Arrays.copyOf(tokens, 2 * count);
                    }
                    tokens[count++] = childTokens[k];
                }
            }
            if (s == ROOT) {
                return Arrays.copyOf(tokens, count);
            }
        }
    }

    /** Whether a node of the suffix chain from {@code state} deeper than {@code until} has a child for {@code token}. */
    private boolean hasChildBefore(int state, int until, int token) {
        for (int s = state; s != until; s = fail[s]) {
            if (child(s, token) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** Phrases (as written in the set) whose tokens occur in {@code tokens}, in order of first occurrence. */
    @Override
    public List<String> matchedPhrases(int[] tokens) {
        Set<String> found = new LinkedHashSet<>();
        int node = ROOT;
        for (int token : tokens) {
            node = next(node, token);
            for (int p : outputs[node]) {
                found.add(phrases.get(p));
            }
        }
        return List.copyOf(found);
    }

    /** Nodes of the automaton, root included. */
    public int size() {
        return fail.length;
    }

    public List<String> phrases() {
        return phrases;
    }
}
