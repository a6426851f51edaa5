package io.callscribe.models.asr;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.callscribe.models.runtime.ExecutionProvider;
import io.callscribe.models.runtime.InferenceOptions;
import io.callscribe.models.runtime.ModelSession;
import io.callscribe.models.runtime.SharedSessions;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Moonshine's two ONNX graphs and their tensor names: the encoder (16 kHz samples to hidden states,
 * no feature extraction) and the merged decoder (one graph with and without key/value cache). Layer
 * count and attention shape are read from the graph, so tiny and base need no configuration.
 * Thread-safe: all per-call memory is local to the call.
 */
public final class MoonshineModel implements AutoCloseable {

    /** Logit columns past the vocabulary exist in the graph but are never tokens. */
    static final int VOCABULARY = 32000;

    private final ModelSession encoder;
    private final ModelSession decoder;
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final int layers;
    private final int heads;
    private final int headDim;
    private final String[] pastNames;
    private final String[] presentNames;

    private MoonshineModel(ModelSession encoder, ModelSession decoder) throws OrtException {
        this.encoder = encoder;
        this.decoder = decoder;
        Map<String, NodeInfo> inputs = decoder.session().getInputInfo();
        int count = 0;
        while (inputs.containsKey("past_key_values." + count + ".decoder.key")) {
            count++;
        }
        if (count == 0 || !inputs.containsKey("use_cache_branch")) {
            throw new IllegalArgumentException("not a merged Moonshine decoder: no past_key_values / use_cache_branch inputs");
        }
        this.layers = count;
        long[] kv = ((TensorInfo) inputs.get("past_key_values.0.decoder.key").getInfo()).getShape();
        this.heads = (int) kv[1];
        this.headDim = (int) kv[3];
        this.pastNames = new String[4 * layers];
        this.presentNames = new String[4 * layers];
        String[] parts = {"decoder.key", "decoder.value", "encoder.key", "encoder.value"};
        for (int l = 0; l < layers; l++) {
            for (int p = 0; p < 4; p++) {
                pastNames[4 * l + p] = "past_key_values." + l + "." + parts[p];
                presentNames[4 * l + p] = "present." + l + "." + parts[p];
            }
        }
    }

    public static MoonshineModel open(Path encoderFile, Path decoderFile, InferenceOptions options) {
        ModelSession enc = SharedSessions.open(encoderFile, options);
        ModelSession dec;
        try {
            dec = SharedSessions.open(decoderFile, options);
        } catch (RuntimeException e) {
            enc.close();
            throw e;
        }
        try {
            return new MoonshineModel(enc, dec);
        } catch (OrtException | RuntimeException e) {
            enc.close();
            dec.close();
            throw new IllegalStateException("Moonshine model could not start: " + e.getMessage(), e);
        }
    }

    /**
     * Ends a search whose caller no longer wants it (a partial making way for a final), between
     * decoder steps: one step is the longest a stop waits.
     *
     * @throws CancellationException if {@code stop} says so
     */
    static void checkStop(BooleanSupplier stop) {
        if (stop.getAsBoolean()) {
            throw new CancellationException("recognition stopped by its caller");
        }
    }

    public int layers() {
        return layers;
    }

    public ExecutionProvider provider() {
        return decoder.provider();
    }

    /**
     * Encodes {@code count} clips zero-padded to {@code length} samples: [count, frames, hidden].
     * The encoder has no padding mask, so batching clips of different lengths changes what the
     * shorter ones see; callers batch clips of similar length.
     */
    OnnxTensor encode(float[][] clips, int count, int length) throws OrtException {
        FloatBuffer input = ByteBuffer.allocateDirect(count * length * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        for (int i = 0; i < count; i++) {
            input.position(i * length);
            input.put(clips[i], 0, Math.min(clips[i].length, length));
        }
        input.rewind();
        try (OnnxTensor in = OnnxTensor.createTensor(env, input, new long[] {count, length});
             OrtSession.Result result = encoder.session().run(Map.of("input_values", in))) {
            OnnxTensor hidden = (OnnxTensor) result.get("last_hidden_state").orElseThrow();
            // copy out: the result (and its memory) closes here
            FloatBuffer copy = ByteBuffer.allocateDirect((int) hidden.getInfo().getNumElements() * Float.BYTES)
                    .order(ByteOrder.nativeOrder()).asFloatBuffer();
            copy.put(hidden.getFloatBuffer()).rewind();
            return OnnxTensor.createTensor(env, copy, hidden.getInfo().getShape());
        }
    }

    /** The cache before the first step: empty tensors, decoder runs its no-cache branch. */
    DecoderCache emptyCache(int batch) throws OrtException {
        OnnxTensor[] tensors = new OnnxTensor[4 * layers];
        List<OnnxTensor> owned = new ArrayList<>();
        FloatBuffer empty = FloatBuffer.allocate(0);
        for (int i = 0; i < tensors.length; i++) {
            tensors[i] = OnnxTensor.createTensor(env, empty, new long[] {batch, heads, 0, headDim});
            owned.add(tensors[i]);
        }
        AutoCloseable memory = () -> owned.forEach(OnnxTensor::close);
        return new DecoderCache(tensors, batch, false, memory, memory);
    }

    /** One decoder step's output: last-position logits [batch, columns] and the grown cache. */
    record Step(FloatBuffer logits, int columns, DecoderCache cache) {}

    /**
     * Feeds one token per hypothesis. {@code encoded} must have the cache's batch size. The caller
     * then calls {@link DecoderCache#release()} on the cache it passed in, and finally closes the
     * last cache.
     */
    Step step(long[] tokens, OnnxTensor encoded, DecoderCache cache) throws OrtException {
        int batch = tokens.length;
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try (OnnxTensor ids = OnnxTensor.createTensor(env, LongBuffer.wrap(tokens), new long[] {batch, 1});
             OnnxTensor useCache = OnnxTensor.createTensor(env, new boolean[] {cache.filled})) {
            inputs.put("input_ids", ids);
            inputs.put("encoder_hidden_states", encoded);
            inputs.put("use_cache_branch", useCache);
            for (int i = 0; i < pastNames.length; i++) {
                inputs.put(pastNames[i], cache.tensors[i]);
            }
            OrtSession.Result result = decoder.session().run(inputs);
            try {
                OnnxTensor logits = (OnnxTensor) result.get("logits").orElseThrow();
                long[] shape = logits.getInfo().getShape();
                OnnxTensor[] present = new OnnxTensor[presentNames.length];
                for (int i = 0; i < present.length; i++) {
                    OnnxValue v = result.get(presentNames[i]).orElseThrow();
                    present[i] = (OnnxTensor) v;
                }
                FloatBuffer lastPosition = lastPosition(logits.getFloatBuffer(), shape);
                return new Step(lastPosition, (int) shape[2], cache.next(present, result));
            } catch (RuntimeException e) {
                result.close();
                throw e;
            }
        }
    }

    private static FloatBuffer lastPosition(FloatBuffer logits, long[] shape) {
        int seq = (int) shape[1];
        int columns = (int) shape[2];
        if (seq == 1) {
            return logits;
        }
        FloatBuffer out = FloatBuffer.allocate((int) shape[0] * columns);
        for (int b = 0; b < shape[0]; b++) {
            out.put(logits.slice((b * seq + seq - 1) * columns, columns));
        }
        return out.rewind();
    }

    @Override
    public void close() {
        encoder.close();
        decoder.close();
    }
}
