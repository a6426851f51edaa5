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
 * The people of a HarperValleyBank call, from the corpus's {@code metadata/<call>.json}: the agent's
 * name ({@code agent.metadata.agent_name}, a first name) and the caller's
 * ({@code caller.metadata."first and last name"}), what a CRM knows before the call starts.
 */
public record HvbCallMetadata(String agentName, String callerName) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The call's metadata in set folder {@code setDir}, or empty when the set has none for it. */
    public static Optional<HvbCallMetadata> forCall(Path setDir, String callId) {
        Path file = setDir.resolve("metadata").resolve(callId + ".json");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode root = JSON.readTree(file.toFile());
            return Optional.of(new HvbCallMetadata(root.path("agent").path("metadata").path("agent_name").asText("").strip(),
                    root.path("caller").path("metadata").path("first and last name").asText("").strip()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * The call's hot words as a CRM would send them: the agent's name, the caller's full name and
     * first name (people in these calls are addressed by first name). A last name alone is left
     * out: many are everyday words (Brown, Young).
     */
    public List<String> hotPhrases() {
        List<String> phrases = new ArrayList<>();
        if (!agentName.isEmpty()) {
            phrases.add(agentName);
        }
        if (!callerName.isEmpty()) {
            phrases.add(callerName);
            String first = callerName.split(" ")[0];
            if (!first.equals(callerName) && !first.equalsIgnoreCase(agentName)) {
                phrases.add(first);
            }
        }
        return phrases;
    }
}
