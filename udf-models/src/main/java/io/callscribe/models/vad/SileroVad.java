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
 * <p>The model may run at a lower rate than its input ({@link #open(ModelDirectory, int, int, InferenceOptions)}):
 * 16 kHz audio made from an 8 kHz phone line carries nothing above 4 kHz, so each 512-sample chunk
 * is halved (adjacent samples averaged) into the 8 kHz model's 256, which costs about 45 % less per
 * chunk. Chunks stay 32 ms of input either way.
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
    /** The model's own chunk and context, at its rate. */
    private final int modelChunkSamples;
    private final int contextSamples;
    /** Input at twice the model's rate: chunks are halved before the model. */
    private final boolean halve;
    private final OnnxTensor sampleRateTensor;
    private FloatBuffer inputBuffer;
    private FloatBuffer stateBuffer;
    private int capacity;
    private double silenceFloorRms = rms(DEFAULT_SILENCE_FLOOR_DBFS);
    private long gatedChunks;
    private int[] modelRows = new int[0];

    private SileroVad(ModelSession model, int sampleRate, int modelRate) throws OrtException {
        if (modelRate != 16000 && modelRate != 8000) {
            throw new IllegalArgumentException("Silero VAD runs at 8000 or 16000 Hz, not " + modelRate);
        }
        if (sampleRate != modelRate && !(sampleRate == 16000 && modelRate == 8000)) {
            throw new IllegalArgumentException("the VAD takes " + modelRate + " Hz audio, or 16000 Hz for its 8000 Hz model, not "
                    + sampleRate);
        }
        this.model = model;
        this.sampleRate = sampleRate;
        this.modelChunkSamples = modelRate == 16000 ? 512 : 256;
        this.contextSamples = modelRate == 16000 ? 64 : 32;
        this.halve = sampleRate != modelRate;
        this.chunkSamples = halve ? 2 * modelChunkSamples : modelChunkSamples;
        this.sampleRateTensor = OnnxTensor.createTensor(env, (long) modelRate);
    }

    /** Opens the VAD from a model folder of kind {@code silero-vad}, the model at the audio's rate. */
    public static SileroVad open(ModelDirectory dir, int sampleRate, InferenceOptions options) {
        return open(dir, sampleRate, sampleRate, options);
    }

    /**
     * Opens the VAD for audio at {@code sampleRate} with the model at {@code modelRate}: the same, or
     * 8000 for 16 kHz audio of a phone line.
     */
    public static SileroVad open(ModelDirectory dir, int sampleRate, int modelRate, InferenceOptions options) {
        if (!"silero-vad".equals(dir.manifest().kind())) {
            throw new IllegalArgumentException(dir.dir() + " holds a " + dir.manifest().kind() + " model, not silero-vad");
        }
        ModelSession session = SharedSessions.open(dir.file("model"), options);
        try {
            return new SileroVad(session, sampleRate, modelRate);
        } catch (OrtException | RuntimeException e) {
            session.close();
            throw new IllegalStateException("Silero VAD could not start: " + e.getMessage(), e);
        }
    }

    /** The rate of the audio it takes. */
    public int sampleRate() {
        return sampleRate;
    }

    /** Samples of input per chunk (32 ms): 512 at 16 kHz, 256 at 8 kHz. */
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

    /** Whether {@code state} was made for a model at this one's rate (a restored state may not be). */
    public boolean accepts(VadState state) {
        return state.context.length == contextSamples;
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
        float[][] modelAudio = audio;
        int[] modelOffsets = offsets;
        if (halve) {
            modelAudio = new float[count][];
            modelOffsets = new int[count];
            for (int i = 0; i < count; i++) {
                modelAudio[i] = halved(audio[i], offsets[i]);
            }
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
            run(states, modelAudio, modelOffsets, rows, out);
        }
        for (int i = 0; i < count; i++) {
            System.arraycopy(modelAudio[i], modelOffsets[i] + modelChunkSamples - contextSamples, states[i].context, 0, contextSamples);
        }
    }

    /** One input chunk at half the rate: each pair of samples averaged, a low-pass that suits the halving. */
    private float[] halved(float[] audio, int offset) {
        float[] out = new float[modelChunkSamples];
        for (int k = 0; k < out.length; k++) {
            out[k] = 0.5f * (audio[offset + 2 * k] + audio[offset + 2 * k + 1]);
        }
        return out;
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
        int window = contextSamples + modelChunkSamples;
        inputBuffer.clear();
        for (int r = 0; r < rows; r++) {
            int i = modelRows[r];
            inputBuffer.put(states[i].context);
            inputBuffer.put(audio[i], offsets[i], modelChunkSamples);
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
            inputBuffer = direct(capacity * (contextSamples + modelChunkSamples));
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
