package io.callscribe.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The FlinkDeployment CRD's schema as shipped in {@code flink-kubernetes-operator-api} (the newest on
 * Maven Central is 1.10.0), turned into a JSON schema that is as strict as the API server:
 * <ul>
 * <li>Kubernetes prunes fields a structural schema does not know, so a misspelled field silently
 *   vanishes; here every object that lists its properties rejects others instead.</li>
 * <li>apiVersion, kind and metadata, which the API server checks itself, are added.</li>
 * <li>The 1.10 schema predates Flink 2: its flinkVersion enum ends at v1_20. Operators 1.11 to 1.14
 *   added v2_0, v2_1 and v2_2, so those three are added to the enum. Every other field the chart
 *   writes must exist in 1.10's schema, which newer operators keep.</li>
 * </ul>
 */
final class FlinkDeploymentSchema {

    static final String CRD_RESOURCE = "META-INF/fabric8/flinkdeployments.flink.apache.org-v1.yml";
    static final List<String> FLINK_2_VERSIONS = List.of("v2_0", "v2_1", "v2_2");

    private final JsonSchema schema;

    private FlinkDeploymentSchema(JsonSchema schema) {
        this.schema = schema;
    }

    static FlinkDeploymentSchema load() {
        JsonNode crd;
        try (InputStream in = FlinkDeploymentSchema.class.getClassLoader().getResourceAsStream(CRD_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(CRD_RESOURCE + " is not on the class path (flink-kubernetes-operator-api)");
            }
            crd = RenderedChart.YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonNode version = RenderedChart.element(crd.path("spec").path("versions"), "v1beta1")
                .orElseThrow(() -> new IllegalStateException("the CRD has no v1beta1 version"));
        ObjectNode openApi = (ObjectNode) version.path("schema").path("openAPIV3Schema").deepCopy();

        ArrayNode flinkVersions = (ArrayNode) openApi.path("properties").path("spec").path("properties").path("flinkVersion").path("enum");
        FLINK_2_VERSIONS.forEach(flinkVersions::add);
        ObjectNode properties = (ObjectNode) openApi.path("properties");
        properties.putObject("apiVersion").put("type", "string").putArray("enum").add("flink.apache.org/v1beta1");
        properties.putObject("kind").put("type", "string").putArray("enum").add("FlinkDeployment");
        properties.putObject("metadata").put("type", "object");
        rejectUnknownFields(openApi);
        return new FlinkDeploymentSchema(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(openApi));
    }

    /** What the schema rejects in this object, one line per problem with its location; empty when valid. */
    List<String> validate(JsonNode flinkDeployment) {
        List<String> problems = new ArrayList<>();
        for (ValidationMessage message : schema.validate(flinkDeployment)) {
            problems.add(message.getMessage());
        }
        return problems;
    }

    /** Strict objects, and the x-kubernetes-* markers (a JSON schema validator does not know them) removed. */
    private static void rejectUnknownFields(JsonNode node) {
        if (node instanceof ObjectNode object) {
            boolean preserveUnknown = object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                if (it.next().getKey().startsWith("x-kubernetes-")) {
                    it.remove();
                }
            }
            if (object.has("properties") && !object.has("additionalProperties") && !preserveUnknown) {
                object.put("additionalProperties", false);
            }
            object.elements().forEachRemaining(FlinkDeploymentSchema::rejectUnknownFields);
        } else if (node instanceof ArrayNode array) {
            array.elements().forEachRemaining(FlinkDeploymentSchema::rejectUnknownFields);
        }
    }
}
