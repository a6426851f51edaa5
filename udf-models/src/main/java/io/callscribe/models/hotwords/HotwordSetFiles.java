package io.callscribe.models.hotwords;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Tenants' hot-word sets from YAML files, one per tenant ({@code config/hotwords/<tenant>.yaml}):
 * <pre>
 * version: 3                  # required; raise it whenever the phrases change
 * default-boost: 2.0          # optional, for phrases that name none (else HotPhrase.DEFAULT_BOOST)
 * phrases:
 *   - Harper Valley Bank      # a phrase with the default boost
 *   - text: Harper Valley
 *     boost: 2.0
 * </pre>
 * The tenant id is the file name without {@code .yaml}/{@code .yml}. Every problem is reported
 * with the file's name.
 */
public final class HotwordSetFiles {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> KEYS = Set.of("version", "default-boost", "phrases");

    private HotwordSetFiles() {}

    /** Every {@code *.yaml}/{@code *.yml} file of a folder, by tenant id. */
    public static Map<String, HotwordSet> readDirectory(Path dir, HotwordLimits limits) {
        Map<String, HotwordSet> sets = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> tenantOf(f) != null).sorted().toList()) {
                HotwordSet set = read(file, limits);
                if (sets.put(set.owner(), set) != null) {
                    throw new HotwordException(file.toString(), List.of("a second file for tenant '" + set.owner() + "'"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list hot-word files in " + dir, e);
        }
        return sets;
    }

    /** One tenant's file. */
    public static HotwordSet read(Path file, HotwordLimits limits) {
        String tenant = tenantOf(file);
        if (tenant == null) {
            throw new IllegalArgumentException(file + ": hot-word files are named <tenant>.yaml");
        }
        byte[] document;
        try {
            document = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read hot-word file " + file, e);
        }
        return parse(file.toString(), tenant, document, limits);
    }

    /**
     * One tenant's set from a document in the file format (YAML, or JSON, which is YAML too): how a
     * file and an update on the {@code hotwords} topic (key: the tenant) are both read.
     *
     * @param source names the document in problems (a file, a topic record)
     * @throws HotwordException naming every problem
     */
    public static HotwordSet parse(String source, String tenant, byte[] document, HotwordLimits limits) {
        JsonNode root;
        try {
            root = YAML.readTree(document);
        } catch (JsonProcessingException e) {
            throw new HotwordException(source, List.of("not valid YAML: " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new HotwordException(source, List.of("unreadable: " + e.getMessage()));
        }
        List<String> problems = new ArrayList<>();
        if (root == null || !root.isObject()) {
            throw new HotwordException(source, List.of("expected a mapping with 'version' and 'phrases'"));
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KEYS.contains(name)) {
                problems.add("unknown key '" + name + "' (expected " + String.join(", ", new TreeSet<>(KEYS)) + ")");
            }
        }
        JsonNode version = root.path("version");
        if (!version.canConvertToExactIntegral() || version.asLong() < 0) {
            problems.add("'version' must be a whole number >= 0");
        }
        JsonNode defaultBoostNode = root.path("default-boost");
        float defaultBoost = HotPhrase.DEFAULT_BOOST;
        if (!defaultBoostNode.isMissingNode()) {
            if (defaultBoostNode.isNumber()) {
                defaultBoost = defaultBoostNode.floatValue();
            } else {
                problems.add("'default-boost' must be a number");
            }
        }
        JsonNode list = root.path("phrases");
        List<HotPhrase> phrases = new ArrayList<>();
        if (!list.isArray()) {
            problems.add("'phrases' must be a list");
        } else {
            for (int i = 0; i < list.size(); i++) {
                JsonNode entry = list.get(i);
                if (entry.isTextual()) {
                    phrases.add(new HotPhrase(entry.asText(), defaultBoost));
                } else if (entry.isObject() && entry.path("text").isTextual()
                        && (entry.path("boost").isMissingNode() || entry.path("boost").isNumber()) && entry.size() <= 2) {
                    JsonNode boost = entry.path("boost");
                    phrases.add(new HotPhrase(entry.get("text").asText(), boost.isNumber() ? boost.floatValue() : defaultBoost));
                } else {
                    problems.add("phrase " + (i + 1) + " must be a string or {text: ..., boost: <number>}");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new HotwordException(source, problems);
        }
        try {
            return HotwordSet.tenant(tenant, version.asLong(), phrases, limits);
        } catch (HotwordException e) {
            throw new HotwordException(source, e.problems());
        }
    }

    private static String tenantOf(Path file) {
        String name = file.getFileName().toString();
        for (String suffix : List.of(".yaml", ".yml")) {
            if (name.endsWith(suffix) && name.length() > suffix.length()) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return null;
    }
}
