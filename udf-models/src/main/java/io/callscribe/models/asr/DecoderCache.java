package io.callscribe.models.asr;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;

import java.util.ArrayList;
import java.util.List;

/**
 * The decoder's key/value cache for a batch of hypotheses: per layer the self-attention keys and
 * values (growing by one position a step) and the cross-attention ones over the encoder output
 * (fixed after the first step), each [batch, heads, length, headDim].
 *
 * <p>Cross-attention tensors come from the first step's result and are fed unchanged to every later
 * step. In the cached branch the graph passes them through as outputs that may share the inputs'
 * memory, so the first result must stay open until decoding ends; each later step's result is
 * released as soon as the next step has run.
 */
final class DecoderCache implements AutoCloseable {

    /** Tensors in input order: for each layer decoder.key, decoder.value, encoder.key, encoder.value. */
    final OnnxTensor[] tensors;
    final int batch;
    /** False before the first step: the tensors are empty and the model runs without cache. */
    final boolean filled;
    private final AutoCloseable stepMemory;
    private final AutoCloseable crossMemory;

    DecoderCache(OnnxTensor[] tensors, int batch, boolean filled, AutoCloseable stepMemory, AutoCloseable crossMemory) {
        this.tensors = tensors;
        this.batch = batch;
        this.filled = filled;
        this.stepMemory = stepMemory;
        this.crossMemory = crossMemory;
    }

    /** The cache after a step: new self-attention tensors, cross-attention kept from this cache. */
    DecoderCache next(OnnxTensor[] present, AutoCloseable result) {
        if (!filled) {
            return new DecoderCache(present, batch, true, result, result);
        }
        OnnxTensor[] merged = present.clone();
        for (int i = 2; i < merged.length; i += 4) {
            merged[i] = tensors[i];
            merged[i + 1] = tensors[i + 1];
        }
        return new DecoderCache(merged, batch, true, result, crossMemory);
    }

    /** Frees this step's self-attention memory once the next step no longer needs it. */
    void release() {
        if (stepMemory != crossMemory) {
            closeQuietly(stepMemory);
        }
    }

    /**
     * A cache whose row {@code i} is this cache's row {@code parents[i]}: beam search keeps the
     * cache of the hypotheses it extends. Takes over this cache's memory; do not use this one after.
     */
    DecoderCache gather(int[] parents) throws OrtException {
        if (isIdentity(parents)) {
            return this;
        }
        boolean resize = parents.length != batch;
        OnnxTensor[] out = tensors.clone();
        List<OnnxTensor> selfOwned = new ArrayList<>();
        List<OnnxTensor> crossOwned = new ArrayList<>();
        try {
            for (int i = 0; i < tensors.length; i++) {
                boolean cross = i % 4 >= 2;
                if (!cross) {
                    out[i] = TensorRows.gather(tensors[i], parents);
                    selfOwned.add(out[i]);
                } else if (resize) {
                    // all beams share one encoder output, so repeating row 0 is enough
                    out[i] = TensorRows.gather(tensors[i], new int[parents.length]);
                    crossOwned.add(out[i]);
                }
            }
        } catch (OrtException | RuntimeException e) {
            selfOwned.forEach(DecoderCache::closeQuietly);
            crossOwned.forEach(DecoderCache::closeQuietly);
            throw e;
        }
        AutoCloseable selfMemory = () -> selfOwned.forEach(DecoderCache::closeQuietly);
        if (resize) {
            close();
            return new DecoderCache(out, parents.length, filled, selfMemory, () -> crossOwned.forEach(DecoderCache::closeQuietly));
        }
        release();
        return new DecoderCache(out, batch, filled, selfMemory, crossMemory);
    }

    /**
     * A cache of rows {@code rowsA} of {@code a} (null: none), then rows {@code rowsB} of {@code b},
     * caches of the same length: greedy search's branches joined by new forks of its segments' own
     * rows. Takes over {@code a}'s memory; {@code b} stays as it was.
     */
    static DecoderCache join(DecoderCache a, int[] rowsA, DecoderCache b, int[] rowsB) throws OrtException {
        OnnxTensor[] out = new OnnxTensor[b.tensors.length];
        List<OnnxTensor> owned = new ArrayList<>();
        try {
            for (int i = 0; i < out.length; i++) {
                out[i] = a == null ? TensorRows.gather(b.tensors[i], rowsB)
                        : TensorRows.concat(a.tensors[i], rowsA, b.tensors[i], rowsB);
                owned.add(out[i]);
            }
        } catch (OrtException | RuntimeException e) {
            owned.forEach(DecoderCache::closeQuietly);
            throw e;
        }
        if (a != null) {
            a.close();
        }
        AutoCloseable memory = () -> owned.forEach(DecoderCache::closeQuietly);
        return new DecoderCache(out, rowsA.length + rowsB.length, true, memory, memory);
    }

    private boolean isIdentity(int[] parents) {
        if (parents.length != batch) {
            return false;
        }
        for (int i = 0; i < parents.length; i++) {
            if (parents[i] != i) {
                return false;
            }
        }
        return true;
    }

    /** Frees everything; call once when decoding ends. */
    @Override
    public void close() {
        closeQuietly(stepMemory);
        if (crossMemory != stepMemory) {
            closeQuietly(crossMemory);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // native memory release failures leave nothing to recover
        }
    }
}
