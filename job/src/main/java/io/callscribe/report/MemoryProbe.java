package io.callscribe.report;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.callscribe.bench.MetricsCapture;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Memory seen while one load level runs: the heap in use right after each garbage collection (what
 * is live, not garbage waiting), its peak against a baseline taken after a full GC before the level,
 * and the largest full checkpoint size the job reports (its keyed state: the open legs, in RocksDB).
 * Needs the job's metrics captured in this JVM ({@link MetricsCapture}), as the live bench sets up;
 * they are sampled while the job runs, since they go when it ends.
 */
final class MemoryProbe implements AutoCloseable, NotificationListener {

    /** Flink's job metric: the full size of the last completed checkpoint, incremental or not. */
    private static final String CHECKPOINT_FULL_SIZE = "lastCheckpointFullSize";
    private static final long SAMPLE_MS = 500;

    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final AtomicLong heapPeakAfterGc = new AtomicLong();
    private final AtomicLong checkpointPeak = new AtomicLong();
    private final long heapBaseline;
    private final Thread sampler;
    private volatile boolean running = true;

    MemoryProbe() {
        System.gc();
        heapBaseline = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(this, null, null);
                emitters.add(emitter);
            }
        }
        sampler = new Thread(() -> {
            while (running) {
                checkpointPeak.accumulateAndGet((long) MetricsCapture.max(CHECKPOINT_FULL_SIZE), Math::max);
                try {
                    Thread.sleep(SAMPLE_MS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-memory-probe");
        sampler.setDaemon(true);
        sampler.start();
    }

    @Override
    public void handleNotification(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        long used = 0;
        for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(pool.getKey())) {
                used += pool.getValue().getUsed();
            }
        }
        heapPeakAfterGc.accumulateAndGet(used, Math::max);
    }

    long heapBaselineBytes() {
        return heapBaseline;
    }

    long heapPeakAfterGcBytes() {
        return heapPeakAfterGc.get();
    }

    long checkpointPeakBytes() {
        return checkpointPeak.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sampler.interrupt();
        sampler.join();
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(this);
            } catch (ListenerNotFoundException e) {
                // never added: nothing to remove
            }
        }
    }
}
