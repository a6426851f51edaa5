package io.callscribe.cli;

import java.util.Locale;

/** Human-readable sizes for command output. */
final class Sizes {

    private Sizes() {
    }

    static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
