package io.callscribe.models.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The one place that creates ONNX Runtime sessions. A model file opened twice with equal options
 * in one JVM shares one session (ONNX Runtime sessions are thread-safe for {@code run}); the session
 * is closed when its last {@link ModelSession} is closed. This keeps one copy of the weights per
 * TaskManager however many slots use a model.
 */
public final class SharedSessions {

    private static final Logger LOG = LoggerFactory.getLogger(SharedSessions.class);

    private record Key(Path model, InferenceOptions options) {}

    private static final class Entry {
        final OrtSession session;
        final ExecutionProvider provider;
        int references;

        Entry(OrtSession session, ExecutionProvider provider) {
            this.session = session;
            this.provider = provider;
        }
    }

    private static final Map<Key, Entry> OPEN = new HashMap<>();

    private SharedSessions() {}

    /** Opens (or shares) the session for a model file; close the handle when done. */
    public static synchronized ModelSession open(Path model, InferenceOptions options) {
        Key key = new Key(model.toAbsolutePath().normalize(), options);
        Entry entry = OPEN.get(key);
        if (entry == null) {
            entry = create(key.model(), options);
            OPEN.put(key, entry);
        }
        entry.references++;
        return new ModelSession(entry.session, entry.provider, () -> release(key));
    }

    private static synchronized void release(Key key) {
        Entry entry = OPEN.get(key);
        if (entry != null && --entry.references == 0) {
            OPEN.remove(key);
            try {
                entry.session.close();
            } catch (OrtException e) {
                LOG.warn("Closing ONNX session for {} failed: {}", key.model(), e.getMessage());
            }
        }
    }

    private static Entry create(Path model, InferenceOptions options) {
        if (!Files.isRegularFile(model)) {
            throw new IllegalArgumentException("ONNX model file not found: " + model);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        boolean tryCuda = options.provider() == ExecutionProvider.CUDA
                || (options.provider() == ExecutionProvider.AUTO && GpuProbe.nvidiaDriverPresent());
        if (tryCuda) {
            try (OrtSession.SessionOptions so = baseOptions(options)) {
                so.addCUDA(options.cudaDeviceId());
                return new Entry(env.createSession(model.toString(), so), ExecutionProvider.CUDA);
            } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
                // The GPU jar lists CUDA as available even without a GPU; only trying tells.
                LOG.warn("CUDA execution provider unavailable for {} ({}); running on CPU",
                        model.getFileName(), firstLine(e.getMessage()));
            }
        }
        try (OrtSession.SessionOptions so = baseOptions(options)) {
            return new Entry(env.createSession(model.toString(), so), ExecutionProvider.CPU);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime could not load " + model + ": " + e.getMessage(), e);
        }
    }

    private static OrtSession.SessionOptions baseOptions(InferenceOptions options) throws OrtException {
        OrtSession.SessionOptions so = new OrtSession.SessionOptions();
        so.setIntraOpNumThreads(options.intraOpThreads());
        so.setInterOpNumThreads(options.interOpThreads());
        so.setOptimizationLevel(options.optimization().ortLevel);
        // Moonshine's int8 decoder dequantizes its tied embedding (vocabulary x hidden) at every
        // step to project onto the vocabulary: a third of a step's time. ONNX Runtime keeps such
        // DequantizeLinear nodes for its QDQ fusions, which dynamically quantized models do not
        // use; with those off, constant folding turns the weight into float once at load and a
        // step takes 25-50 % less time, for about 130 MB more resident memory per decoder session
        // (measured for tiny and base). Float and other models have no such nodes.
        so.addConfigEntry("session.disable_quant_qdq", "1");
        if (!options.spinning()) {
            // Idle ORT threads otherwise spin for a while after each call: on a machine shared with
            // the stream processor that burns the cores the rest of the job needs.
            so.addConfigEntry("session.intra_op.allow_spinning", "0");
            so.addConfigEntry("session.inter_op.allow_spinning", "0");
        }
        return so;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no reason given";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
