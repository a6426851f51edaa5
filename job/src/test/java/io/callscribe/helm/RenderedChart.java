package io.callscribe.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;

/** The objects of a {@code helm template} output, parsed, with look-ups by kind and name and into pod specs. */
final class RenderedChart {

    static final YAMLMapper YAML = new YAMLMapper();

    private final List<JsonNode> objects;

    private RenderedChart(List<JsonNode> objects) {
        this.objects = List.copyOf(objects);
    }

    static RenderedChart parse(String manifests) {
        List<JsonNode> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(manifests)) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document != null && document.isObject()) { // a document of comments only is empty
                    objects.add(document);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("helm template printed invalid YAML", e);
        }
        return new RenderedChart(objects);
    }

    List<JsonNode> all(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    /** The one object of this kind; fails if there is none or more than one. */
    JsonNode only(String kind) {
        List<JsonNode> found = all(kind);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + kind + ", found " + found.size());
        }
        return found.get(0);
    }

    JsonNode named(String kind, String name) {
        return all(kind).stream().filter(o -> name.equals(o.path("metadata").path("name").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " named " + name));
    }

    /** The container Flink runs in, {@code flink-main-container}, of a pod template. */
    static JsonNode mainContainer(JsonNode podTemplate) {
        return element(podTemplate.path("spec").path("containers"), "flink-main-container")
                .orElseThrow(() -> new AssertionError("no flink-main-container in " + podTemplate));
    }

    static Optional<JsonNode> element(JsonNode namedList, String name) {
        return StreamSupport.stream(namedList.spliterator(), false).filter(e -> name.equals(e.path("name").asText())).findFirst();
    }

    static JsonNode volume(JsonNode podTemplate, String name) {
        return element(podTemplate.path("spec").path("volumes"), name)
                .orElseThrow(() -> new AssertionError("no volume " + name + " in the pod template"));
    }

    static String mountPath(JsonNode container, String volumeName) {
        return element(container.path("volumeMounts"), volumeName)
                .orElseThrow(() -> new AssertionError("volume " + volumeName + " is not mounted in " + container.path("name")))
                .path("mountPath").asText();
    }
}
