package io.callscribe.models.vad;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.callscribe.models.ModelDirectory;
import io.callscribe.models.runtime.InferenceOptions;
import io.callscribe.models.runtime.ModelSession;
import io.callscribe.models.runtime.SharedSessions;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Silero VAD v5: speech probability per 32 ms chunk, for many streams in one call. Each stream's
 * recurrent state is a {@link VadState} the caller owns. As in the reference implementation, the
 * model sees the last 64 samples (16 kHz) of the previous chunk before each chunk.
 *
 * <p>Optionally (off by default), once a stream has been quieter than a silence floor (e.g. -60 dBFS,
 * far below speech on a phone line) for {@link #QUIET_CHUNKS_BEFORE_GATE} chunks in a row, its further quiet chunks are
 * not speech: probability 0 without a model call, and the recurrent state starts afresh, as on a new
 * stream. The model still sees the first 512 ms of every quiet stretch, so a pause that does not end
 * an utterance reads as without the gate (gating every quiet chunk made the model slow to notice
 * speech after a short pause; keeping the state instead of restarting it lengthened the next span).
 * In a two-party call each leg is mostly long silence while the other party talks, so the gate
 * saves most of the VAD's cost there (VadSpeechSpansTest).
 *
 * <p>Not thread-safe (input buffers are reused); the ONNX session underneath is shared.
 */
public final class SileroVad implements AutoCloseable {

    /** Off: the model sees every chunk (the gate found extra, spurious speech in the dev calls' silences). */
    public static final double DEFAULT_SILENCE_FLOOR_DBFS = Double.NEGATIVE_INFINITY;
    /**
     * Quiet chunks the model still sees before the gate closes: 512 ms, as long as the endpoint's
     * minimum silence, so a pause that does not end an utterance never reaches the gate.
     */
    public static final int QUIET_CHUNKS_BEFORE_GATE = 16;

    private final ModelSession model;
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final int sampleRate;
    private final int chunkSamples;
    private final int contextSamples;
    private final OnnxTensor sampleRateTensor;
    private FloatBuffer inputBuffer;
    private FloatBuffer stateBuffer;
    private int capacity;
    private double silenceFloorRms = rms(DEFAULT_SILENCE_FLOOR_DBFS);
    private long gatedChunks;
    private int[] modelRows = new int[0];

    private SileroVad(ModelSession model, int sampleRate) throws OrtException {
        if (sampleRate != 16000 && sampleRate != 8000) {
            throw new IllegalArgumentException("Silero VAD runs at 8000 or 16000 Hz, not " + sampleRate);
        }
        this.model = model;
        this.sampleRate = sampleRate;
        this.chunkSamples = sampleRate == 16000 ? 512 : 256;
        this.contextSamples = sampleRate == 16000 ? 64 : 32;
        this.sampleRateTensor = OnnxTensor.createTensor(env, (long) sampleRate);
    }

    /** Opens the VAD from a model folder of kind {@code silero-vad}. */
    public static SileroVad open(ModelDirectory dir, int sampleRate, InferenceOptions options) {
        if (!"silero-vad".equals(dir.manifest().kind())) {
            throw new IllegalArgumentException(dir.dir() + " holds a " + dir.manifest().kind() + " model, not silero-vad");
        }
        return open(dir.file("model"), sampleRate, options);
    }

    public static SileroVad open(Path modelFile, int sampleRate, InferenceOptions options) {
        ModelSession session = SharedSessions.open(modelFile, options);
        try {
            return new SileroVad(session, sampleRate);
        } catch (OrtException | RuntimeException e) {
            session.close();
            throw new IllegalStateException("Silero VAD could not start: " + e.getMessage(), e);
        }
    }

    public int sampleRate() {
        return sampleRate;
    }

    /** Samples per chunk: 512 at 16 kHz, 256 at 8 kHz (32 ms). */
    public int chunkSamples() {
        return chunkSamples;
    }

    /**
     * Sets the silence floor: chunks with a lower RMS level are non-speech without a model call.
     * {@code Double.NEGATIVE_INFINITY} runs the model on every chunk.
     */
    public SileroVad silenceFloor(double dbfs) {
        this.silenceFloorRms = rms(dbfs);
        return this;
    }

    /** Chunks found below the silence floor so far, which the model did not see. */
    public long gatedChunks() {
        return gatedChunks;
    }

    private static double rms(double dbfs) {
        return Math.pow(10, dbfs / 20);
    }

    public VadState newState() {
        return new VadState(contextSamples);
    }

    /** One stream, one chunk of {@link #chunkSamples()} samples from {@code offset}. */
    public float probability(VadState state, float[] audio, int offset) {
        float[] out = new float[1];
        probabilities(new VadState[] {state}, new float[][] {audio}, new int[] {offset}, 1, out);
        return out[0];
    }

    /**
     * Speech probabilities of {@code count} streams, one chunk each, in one model call. Chunk
     * {@code i} is {@code chunkSamples} samples of {@code audio[i]} from {@code offsets[i]}; each
     * {@code states[i]} is advanced in place.
     */
    public void probabilities(VadState[] states, float[][] audio, int[] offsets, int count, float[] out) {
        if (modelRows.length < count) {
            modelRows = new int[Math.max(count, 2 * modelRows.length)];
        }
        int rows = 0;
        for (int i = 0; i < count; i++) {
            VadState s = states[i];
            s.quietChunks = belowFloor(audio[i], offsets[i]) ? Math.min(s.quietChunks + 1, QUIET_CHUNKS_BEFORE_GATE + 1) : 0;
            if (s.quietChunks > QUIET_CHUNKS_BEFORE_GATE) {
                out[i] = 0f;
                Arrays.fill(s.rnn, 0f); // after the silence the model starts afresh, as on a new stream
                gatedChunks++;
            } else {
                modelRows[rows++] = i;
            }
        }
        if (rows > 0) {
            run(states, audio, offsets, rows, out);
        }
        for (int i = 0; i < count; i++) {
            System.arraycopy(audio[i], offsets[i] + chunkSamples - contextSamples, states[i].context, 0, contextSamples);
        }
    }

    private boolean belowFloor(float[] audio, int offset) {
        double energy = 0;
        for (int j = offset; j < offset + chunkSamples; j++) {
            energy += audio[j] * audio[j];
        }
        return Math.sqrt(energy / chunkSamples) < silenceFloorRms;
    }

    /** The model over the streams {@code modelRows[0..rows)}, one batch. */
    private void run(VadState[] states, float[][] audio, int[] offsets, int rows, float[] out) {
        ensureCapacity(rows);
        int window = contextSamples + chunkSamples;
        inputBuffer.clear();
        for (int r = 0; r < rows; r++) {
            int i = modelRows[r];
            inputBuffer.put(states[i].context);
            inputBuffer.put(audio[i], offsets[i], chunkSamples);
        }
        // state tensor is [2, batch, 128]: layer-major, so stream i's halves are far apart
        stateBuffer.clear();
        for (int layer = 0; layer < 2; layer++) {
            for (int r = 0; r < rows; r++) {
                stateBuffer.put(states[modelRows[r]].rnn, layer * 128, 128);
            }
        }
        inputBuffer.flip();
        stateBuffer.flip();
        try (OnnxTensor input = OnnxTensor.createTensor(env, inputBuffer, new long[] {rows, window});
             OnnxTensor state = OnnxTensor.createTensor(env, stateBuffer, new long[] {2, rows, 128});
             OrtSession.Result result = model.session().run(Map.of("input", input, "state", state, "sr", sampleRateTensor))) {
            FloatBuffer probs = ((OnnxTensor) result.get("output").orElseThrow()).getFloatBuffer();
            FloatBuffer next = ((OnnxTensor) result.get("stateN").orElseThrow()).getFloatBuffer();
            for (int layer = 0; layer < 2; layer++) {
                for (int r = 0; r < rows; r++) {
                    next.get(states[modelRows[r]].rnn, layer * 128, 128);
                }
            }
            for (int r = 0; r < rows; r++) {
                out[modelRows[r]] = probs.get(r);
            }
        } catch (OrtException e) {
            throw new IllegalStateException("Silero VAD inference failed: " + e.getMessage(), e);
        }
    }

    private void ensureCapacity(int count) {
        if (count > capacity) {
            capacity = Math.max(count, capacity * 2);
            inputBuffer = direct(capacity * (contextSamples + chunkSamples));
            stateBuffer = direct(capacity * VadState.RNN_SIZE);
        }
    }

    private static FloatBuffer direct(int floats) {
        return java.nio.ByteBuffer.allocateDirect(floats * Float.BYTES).order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer();
    }

    @Override
    public void close() {
        sampleRateTensor.close();
        model.close();
    }
}
