package io.callscribe.bench;

/**
 * What the soak benchmark saw at one moment: memory and state at the sample, finals over the window
 * since the previous one. A figure that could not be read is -1.
 *
 * @param seconds since sampling started (after the settle period)
 * @param heapAfterGcBytes heap in use right after a full GC: what is live
 * @param offHeapBytes the process's resident memory less the committed heap: ONNX Runtime tensors and
 *     arenas, RocksDB, thread stacks, metaspace, direct buffers
 * @param rocksDbBytes files under the job's RocksDB local directory
 * @param rocksDbManifestBytes of those, the {@code MANIFEST} files: RocksDB's log of file additions and
 *     removals, which grows with every flush (one per checkpoint) until it rolls over
 * @param checkpointBytes full size of the last completed checkpoint (Flink's {@code lastCheckpointFullSize})
 * @param finals finals that reached the consumer in the window
 * @param finalLatencyP95Ms their latency from the endpoint to the operator output, 95th percentile
 */
public record SoakSample(double seconds, long heapAfterGcBytes, long offHeapBytes, long rocksDbBytes, long rocksDbManifestBytes,
        long checkpointBytes, int finals, long finalLatencyP95Ms) {}
