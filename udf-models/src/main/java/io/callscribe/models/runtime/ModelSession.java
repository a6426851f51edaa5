package io.callscribe.models.runtime;

import ai.onnxruntime.OrtSession;

/** A handle on a shared ONNX Runtime session; closing it releases this holder's reference. */
public final class ModelSession implements AutoCloseable {

    private final OrtSession session;
    private final ExecutionProvider provider;
    private final Runnable onClose;
    private boolean closed;

    ModelSession(OrtSession session, ExecutionProvider provider, Runnable onClose) {
        this.session = session;
        this.provider = provider;
        this.onClose = onClose;
    }

    public OrtSession session() {
        if (closed) {
            throw new IllegalStateException("model session already closed");
        }
        return session;
    }

    /** The provider the session actually runs on (CPU after a CUDA fallback). */
    public ExecutionProvider provider() {
        return provider;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            onClose.run();
        }
    }
}
