package io.callscribe.contract.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;

/** Typed access to the fields of one JSON object, each failure a {@link FrameFormatException}. */
final class JsonFields {

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectReader READER = MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final JsonNode object;

    private JsonFields(JsonNode object) {
        this.object = object;
    }

    /** True when the first byte that is not JSON white space opens an object. */
    static boolean looksLikeJson(byte[] value) {
        for (byte b : value) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return b == '{';
            }
        }
        return false;
    }

    static JsonFields parse(byte[] value) {
        JsonNode root;
        try {
            root = READER.readTree(value);
        } catch (JsonProcessingException e) {
            throw new FrameFormatException(FrameRejection.UNPARSEABLE, "invalid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new FrameFormatException(FrameRejection.UNPARSEABLE, "invalid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new FrameFormatException(FrameRejection.UNPARSEABLE, "the JSON value is not an object");
        }
        return new JsonFields(root);
    }

    /** The format version {@code v}: required, and it must be {@code expected}. */
    void requireVersion(int expected) {
        long version = requiredLong("v");
        if (version != expected) {
            throw new FrameFormatException(FrameRejection.UNSUPPORTED_VERSION,
                    "version " + version + " is not supported (this build reads " + expected + ")");
        }
    }

    boolean has(String name) {
        JsonNode node = object.get(name);
        return node != null && !node.isNull();
    }

    JsonNode required(String name) {
        JsonNode node = object.get(name);
        if (node == null || node.isNull()) {
            throw new FrameFormatException(FrameRejection.MISSING_FIELD, "field '" + name + "' is missing");
        }
        return node;
    }

    /** A required string that is not blank. */
    String requiredText(String name) {
        String text = optionalText(name);
        if (text == null || text.isBlank()) {
            throw new FrameFormatException(FrameRejection.MISSING_FIELD, "field '" + name + "' is missing or blank");
        }
        return text;
    }

    /** A string, or null when absent. */
    String optionalText(String name) {
        JsonNode node = object.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        return text(node, name);
    }

    /** A required whole number that fits a long; 12.0, "12" and 1e30 are refused. */
    long requiredLong(String name) {
        JsonNode node = required(name);
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new FrameFormatException(FrameRejection.BAD_FIELD,
                    "field '" + name + "' is not a whole number: " + abbreviated(node));
        }
        return node.longValue();
    }

    static String text(JsonNode node, String name) {
        if (!node.isTextual()) {
            throw new FrameFormatException(FrameRejection.BAD_FIELD,
                    "field '" + name + "' is not a string: " + abbreviated(node));
        }
        return node.textValue();
    }

    static String abbreviated(JsonNode node) {
        String text = node.toString();
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
