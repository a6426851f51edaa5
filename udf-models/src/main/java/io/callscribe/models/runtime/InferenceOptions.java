package io.callscribe.models.runtime;

import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;

import java.util.Objects;

/**
 * How ONNX Runtime sessions are created: execution provider, threads and graph optimization.
 * Immutable; equal options share one session per model file (see {@link SharedSessions}).
 */
public final class InferenceOptions {

    /** Graph optimization levels, named as ONNX Runtime names them. */
    public enum GraphOptimization {
        NONE(OptLevel.NO_OPT),
        BASIC(OptLevel.BASIC_OPT),
        EXTENDED(OptLevel.EXTENDED_OPT),
        ALL(OptLevel.ALL_OPT);

        final OptLevel ortLevel;

        GraphOptimization(OptLevel ortLevel) {
            this.ortLevel = ortLevel;
        }
    }

    private final ExecutionProvider provider;
    private final int intraOpThreads;
    private final int interOpThreads;
    private final GraphOptimization optimization;
    private final int cudaDeviceId;
    private final boolean spinning;

    private InferenceOptions(Builder b) {
        this.provider = b.provider;
        this.intraOpThreads = b.intraOpThreads;
        this.interOpThreads = b.interOpThreads;
        this.optimization = b.optimization;
        this.cudaDeviceId = b.cudaDeviceId;
        this.spinning = b.spinning;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** CPU-or-GPU automatically, one intra-op thread: what a Flink slot usually wants. */
    public static InferenceOptions defaults() {
        return builder().build();
    }

    public ExecutionProvider provider() {
        return provider;
    }

    /** Threads one operator may use; 0 lets ONNX Runtime pick (all cores). */
    public int intraOpThreads() {
        return intraOpThreads;
    }

    public int interOpThreads() {
        return interOpThreads;
    }

    public GraphOptimization optimization() {
        return optimization;
    }

    public int cudaDeviceId() {
        return cudaDeviceId;
    }

    /** Whether ONNX Runtime's idle threads spin-wait: lower latency on dedicated cores, wasted CPU on shared ones. */
    public boolean spinning() {
        return spinning;
    }

    public Builder toBuilder() {
        return builder().provider(provider).intraOpThreads(intraOpThreads).interOpThreads(interOpThreads)
                .optimization(optimization).cudaDeviceId(cudaDeviceId).spinning(spinning);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InferenceOptions other
                && provider == other.provider
                && intraOpThreads == other.intraOpThreads
                && interOpThreads == other.interOpThreads
                && optimization == other.optimization
                && cudaDeviceId == other.cudaDeviceId
                && spinning == other.spinning;
    }

    @Override
    public int hashCode() {
        return Objects.hash(provider, intraOpThreads, interOpThreads, optimization, cudaDeviceId, spinning);
    }

    @Override
    public String toString() {
        return "provider=" + provider + ", intraOpThreads=" + intraOpThreads + ", interOpThreads=" + interOpThreads
                + ", optimization=" + optimization + (provider == ExecutionProvider.CPU ? "" : ", cudaDevice=" + cudaDeviceId);
    }

    /** Builder; {@link #build()} rejects out-of-range values with a message naming the field. */
    public static final class Builder {
        private ExecutionProvider provider = ExecutionProvider.AUTO;
        private int intraOpThreads = 1;
        private int interOpThreads = 1;
        private GraphOptimization optimization = GraphOptimization.ALL;
        private int cudaDeviceId = 0;
        private boolean spinning = false;

        public Builder provider(ExecutionProvider provider) {
            this.provider = Objects.requireNonNull(provider, "provider");
            return this;
        }

        public Builder intraOpThreads(int threads) {
            this.intraOpThreads = threads;
            return this;
        }

        public Builder interOpThreads(int threads) {
            this.interOpThreads = threads;
            return this;
        }

        public Builder optimization(GraphOptimization optimization) {
            this.optimization = Objects.requireNonNull(optimization, "optimization");
            return this;
        }

        public Builder spinning(boolean spinning) {
            this.spinning = spinning;
            return this;
        }

        public Builder cudaDeviceId(int deviceId) {
            this.cudaDeviceId = deviceId;
            return this;
        }

        public InferenceOptions build() {
            if (intraOpThreads < 0) {
                throw new IllegalArgumentException("intraOpThreads must be >= 0 (0 = all cores), got " + intraOpThreads);
            }
            if (interOpThreads < 0) {
                throw new IllegalArgumentException("interOpThreads must be >= 0 (0 = default), got " + interOpThreads);
            }
            if (cudaDeviceId < 0) {
                throw new IllegalArgumentException("cudaDeviceId must be >= 0, got " + cudaDeviceId);
            }
            return new InferenceOptions(this);
        }
    }
}
