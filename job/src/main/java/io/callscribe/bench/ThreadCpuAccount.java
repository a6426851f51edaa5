package io.callscribe.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time of this JVM's threads over a measurement window, split between the job and the harness
 * that shares the process in a local benchmark: the in-process Kafka broker and the load generator
 * (replaying producers, measuring consumers). Threads are sampled periodically, so a thread that
 * ends between samples loses at most one interval.
 */
final class ThreadCpuAccount implements AutoCloseable {

    private static final long SAMPLE_MS = 250;

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final String harnessClientPrefix;
    private final Map<Long, Long> baseline = new HashMap<>();
    private final Map<Long, Long> latest = new HashMap<>();
    private final Map<Long, Boolean> isHarness = new HashMap<>();
    private final Thread sampler;
    private volatile boolean running = true;

    /** @param harnessClientPrefix client IDs and thread names of the load generator start with this */
    ThreadCpuAccount(String harnessClientPrefix) {
        this.harnessClientPrefix = harnessClientPrefix;
        sample(true);
        sampler = new Thread(() -> {
            while (running) {
                try {
                    Thread.sleep(SAMPLE_MS);
                } catch (InterruptedException e) {
                    return;
                }
                sample(false);
            }
        }, harnessClientPrefix + "-cpu-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private synchronized void sample(boolean first) {
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long cpu = threads.getThreadCpuTime(info.getThreadId());
            if (cpu < 0) {
                continue;
            }
            long id = info.getThreadId();
            if (first) {
                baseline.put(id, cpu);
            }
            latest.put(id, cpu);
            isHarness.computeIfAbsent(id, k -> isHarness(info.getThreadName()));
        }
    }

    /** The broker's threads, and the load generator's (its client threads are named after its client IDs). */
    private boolean isHarness(String name) {
        int bar = name.indexOf(" | ");
        if (bar >= 0) {
            return name.substring(bar + 3).startsWith(harnessClientPrefix);
        }
        return name.startsWith(harnessClientPrefix) || name.startsWith("data-plane-kafka") || name.startsWith("kafka-")
                || name.startsWith("broker-") || name.startsWith("quorum-controller") || name.startsWith("controller-")
                || name.startsWith("group-coordinator") || name.startsWith("ExpirationReaper") || name.startsWith("executor-")
                || name.startsWith("raft-") || name.startsWith("log-closing") || name.startsWith("share-coordinator")
                || name.startsWith("TxnMarkerSenderThread") || name.startsWith("transaction-");
    }

    /** CPU seconds of the harness threads since this account opened. */
    synchronized double harnessSeconds() {
        long total = 0;
        for (Map.Entry<Long, Long> e : latest.entrySet()) {
            if (isHarness.get(e.getKey())) {
                total += e.getValue() - baseline.getOrDefault(e.getKey(), 0L);
            }
        }
        return total / 1e9;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
        sample(false);
    }
}
