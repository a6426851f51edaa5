package io.callscribe.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Human-marked speech spans of a HarperValleyBank channel, from the corpus's own transcript JSON:
 * {@code calls/<role>/<call>.wav} pairs with {@code transcript/<call>.json}, entries of that
 * {@code speaker_role}, {@code start_ms .. start_ms + duration_ms}. Entries whose transcript is only
 * a tag ({@code [noise]}) are not speech.
 */
public final class HvbSpeechSpans {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HvbSpeechSpans() {}

    /** The spans for a channel file, or empty when the set has no such transcript. */
    public static Optional<List<SpeechTimeOverlap.Span>> forChannel(Path channelFile) {
        Path roleDir = channelFile.getParent();
        if (roleDir == null || roleDir.getParent() == null || roleDir.getParent().getParent() == null) {
            return Optional.empty();
        }
        String role = roleDir.getFileName().toString();
        String call = channelFile.getFileName().toString().replaceFirst("\\.wav$", "");
        Path transcript = roleDir.getParent().getParent().resolve("transcript").resolve(call + ".json");
        if (!Files.isRegularFile(transcript)) {
            return Optional.empty();
        }
        try {
            List<SpeechTimeOverlap.Span> spans = new ArrayList<>();
            for (JsonNode entry : JSON.readTree(transcript.toFile())) {
                String text = entry.path("human_transcript").asText("").replaceAll("\\[[^]]*]|<[^>]*>", "").strip();
                if (role.equals(entry.path("speaker_role").asText()) && !text.isEmpty()) {
                    long start = entry.path("start_ms").asLong();
                    spans.add(new SpeechTimeOverlap.Span(start, start + entry.path("duration_ms").asLong()));
                }
            }
            return Optional.of(spans);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + transcript, e);
        }
    }
}
