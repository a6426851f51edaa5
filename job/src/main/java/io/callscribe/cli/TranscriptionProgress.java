package io.callscribe.cli;

import io.callscribe.bench.MetricsCapture;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Progress of a transcription run on this JVM's mini-cluster, read from the job's own metrics:
 * seconds of leg audio segmented ({@code legs.frames}, 20 ms a frame; recognition follows within
 * the async capacity) out of the recordings' total. On a terminal a progress bar with rate and ETA;
 * otherwise a plain line every {@code interval}.
 */
final class TranscriptionProgress implements AutoCloseable {

    private static final double FRAME_SECONDS = 0.020;

    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "transcription-progress");
        t.setDaemon(true);
        return t;
    });
    private final ProgressBar bar;
    private final PrintWriter plain;
    private final long startNanos = System.nanoTime();
    private final long total;

    private TranscriptionProgress(ProgressBar bar, PrintWriter plain, long totalSeconds) {
        this.bar = bar;
        this.plain = plain;
        this.total = totalSeconds;
    }

    /** Starts reporting; {@code terminal} picks the bar, else plain lines go to {@code out}. */
    static TranscriptionProgress start(double totalSeconds, boolean terminal, PrintWriter out, Duration interval) {
        long total = Math.max(1, Math.round(totalSeconds));
        if (terminal) {
            ProgressBar bar = new ProgressBarBuilder().setTaskName("Transcribing").setStyle(ProgressBarStyle.ASCII)
                    .setUnit(" s audio", 1).setInitialMax(total).showSpeed().setUpdateIntervalMillis(500).build();
            TranscriptionProgress p = new TranscriptionProgress(bar, null, total);
            p.ticker.scheduleAtFixedRate(p::updateBar, 500, 500, TimeUnit.MILLISECONDS);
            return p;
        }
        TranscriptionProgress p = new TranscriptionProgress(null, out, total);
        p.ticker.scheduleAtFixedRate(p::printLine, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return p;
    }

    private static long done() {
        return Math.round(MetricsCapture.sum("legs.frames") * FRAME_SECONDS);
    }

    private void updateBar() {
        bar.stepTo(Math.min(done(), total));
    }

    private void printLine() {
        long done = Math.min(done(), total);
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        String eta = done > 0 ? String.format(Locale.ROOT, "%.0f s", elapsed * (total - done) / done) : "unknown";
        plain.printf(Locale.ROOT, "transcribing: %d of %d s of audio (%.0f %%), %.0f s elapsed, ETA %s%n", done, total,
                100.0 * done / total, elapsed, eta);
        plain.flush();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        if (bar != null) {
            bar.stepTo(total);
            bar.close();
        }
    }
}
