package io.callscribe.models.runtime;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether an NVIDIA driver is loaded, checked before trying CUDA in {@link ExecutionProvider#AUTO}
 * mode: ONNX Runtime lists CUDA as available on any machine and logs an error of its own when the
 * provider then fails to load, which on a CPU-only machine is noise.
 */
final class GpuProbe {

    private GpuProbe() {}

    static boolean nvidiaDriverPresent() {
        return Files.exists(Path.of("/proc/driver/nvidia/version")) || Files.exists(Path.of("/dev/nvidiactl"));
    }
}
