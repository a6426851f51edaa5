package io.callscribe.eval;

import java.util.List;

/**
 * Speech-time agreement of detected spans with reference spans, on a 10 ms grid: recall is the
 * share of reference speech time detected, precision the share of detected time that is reference
 * speech.
 */
public record SpeechTimeOverlap(double referenceSeconds, double detectedSeconds, double overlapSeconds) {

    /** A span in milliseconds. */
    public record Span(long startMs, long endMs) {}

    private static final int GRID_MS = 10;

    public static SpeechTimeOverlap of(List<Span> reference, List<Span> detected, long durationMs) {
        int cells = (int) (durationMs / GRID_MS) + 1;
        boolean[] ref = mark(reference, cells);
        boolean[] det = mark(detected, cells);
        long r = 0;
        long d = 0;
        long both = 0;
        for (int i = 0; i < cells; i++) {
            r += ref[i] ? 1 : 0;
            d += det[i] ? 1 : 0;
            both += ref[i] && det[i] ? 1 : 0;
        }
        return new SpeechTimeOverlap(r * GRID_MS / 1000.0, d * GRID_MS / 1000.0, both * GRID_MS / 1000.0);
    }

    private static boolean[] mark(List<Span> spans, int cells) {
        boolean[] grid = new boolean[cells];
        for (Span s : spans) {
            for (long t = s.startMs() / GRID_MS; t < Math.min(cells, (s.endMs() + GRID_MS - 1) / GRID_MS); t++) {
                grid[(int) t] = true;
            }
        }
        return grid;
    }

    public SpeechTimeOverlap plus(SpeechTimeOverlap o) {
        return new SpeechTimeOverlap(referenceSeconds + o.referenceSeconds, detectedSeconds + o.detectedSeconds,
                overlapSeconds + o.overlapSeconds);
    }

    public double recall() {
        return referenceSeconds == 0 ? 0 : overlapSeconds / referenceSeconds;
    }

    public double precision() {
        return detectedSeconds == 0 ? 0 : overlapSeconds / detectedSeconds;
    }
}
