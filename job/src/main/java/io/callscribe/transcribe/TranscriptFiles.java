package io.callscribe.transcribe;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.callscribe.contract.Leg;
import io.callscribe.contract.TranscriptSegment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Writes one call's final transcript as files: JSON Lines ({@code .jsonl}, one
 * {@link TranscriptSegment} per line, the {@code transcripts} topic's format), SubRip
 * ({@code .srt}) and WebVTT ({@code .vtt}) captions with the speaker (Agent, Customer) on each cue.
 * Segments are written in start order; empty ones (noise the recognizer found no words in) are left
 * out of the captions.
 */
public final class TranscriptFiles {

    /** A file format, by its extension. */
    public enum Format { JSONL, SRT, VTT }

    private static final ObjectMapper JSON = new ObjectMapper();

    private TranscriptFiles() {}

    /** Writes {@code <dir>/<callId>.<ext>} for each format; a call ID with {@code /} makes subfolders. */
    public static void write(Path dir, String callId, List<TranscriptSegment> finals, Set<Format> formats) {
        List<TranscriptSegment> ordered = finals.stream()
                .sorted(Comparator.comparingLong(TranscriptSegment::startMs).thenComparing(TranscriptSegment::segmentId)).toList();
        try {
            for (Format format : formats) {
                Path file = dir.resolve(callId + "." + format.name().toLowerCase(Locale.ROOT));
                Files.createDirectories(file.getParent());
                Files.writeString(file, switch (format) {
                    case JSONL -> jsonLines(ordered);
                    case SRT -> captions(ordered, false);
                    case VTT -> captions(ordered, true);
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the transcript of " + callId + " under " + dir, e);
        }
    }

    static String jsonLines(List<TranscriptSegment> segments) throws IOException {
        StringBuilder out = new StringBuilder();
        for (TranscriptSegment s : segments) {
            out.append(JSON.writeValueAsString(s)).append('\n');
        }
        return out.toString();
    }

    static String captions(List<TranscriptSegment> segments, boolean vtt) {
        StringBuilder out = new StringBuilder(vtt ? "WEBVTT\n\n" : "");
        int cue = 0;
        for (TranscriptSegment s : segments) {
            if (s.text().isBlank()) {
                continue;
            }
            cue++;
            String speaker = s.leg() == Leg.AGENT ? "Agent" : "Customer";
            if (!vtt) {
                out.append(cue).append('\n');
            }
            out.append(time(s.startMs(), vtt)).append(" --> ").append(time(s.endMs(), vtt)).append('\n');
            out.append(vtt ? "<v " + speaker + ">" : speaker + ": ").append(s.text().strip()).append("\n\n");
        }
        return out.toString();
    }

    /** {@code HH:MM:SS,mmm} (SRT) or {@code HH:MM:SS.mmm} (WebVTT). */
    static String time(long ms, boolean vtt) {
        return String.format(Locale.ROOT, "%02d:%02d:%02d%s%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, vtt ? "." : ",",
                ms % 1000);
    }
}
