package io.callscribe.models.runtime;

/** Where ONNX Runtime executes a model. */
public enum ExecutionProvider {
    /** Always the CPU. */
    CPU,
    /** NVIDIA CUDA; falls back to the CPU with a warning where CUDA cannot start. */
    CUDA,
    /** CUDA when a GPU is usable, else the CPU, quietly. */
    AUTO
}
