package io.callscribe.contract.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.callscribe.contract.CallEvent;
import io.callscribe.contract.Codec;
import io.callscribe.contract.Leg;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes {@link CallEvent}s as JSON values of {@code call-events}:
 * <pre>{@code
 * {"v":1,"type":"started","tenant":"acme","callId":"c-1","legs":["agent","customer"],"codec":"PCMU",
 *  "agentId":"a-7","metadata":{"queue":"billing"},"hotwords":["Kowalczyk"],"timestampMs":1700000000000}
 * {"v":1,"type":"ended","tenant":"acme","callId":"c-1","timestampMs":1700000300000}
 * }</pre>
 * {@code v}, {@code type}, {@code tenant}, {@code callId} and {@code timestampMs} are required, the rest
 * optional; unknown fields are ignored. Every malformed value fails with a {@link FrameFormatException}.
 */
public final class CallEventCodec implements Serializable {

    private static final long serialVersionUID = 1L;

    /** @throws FrameFormatException if the event has no type, tenant or call ID */
    public byte[] encode(CallEvent event) {
        if (event.type() == null) {
            throw new FrameFormatException(FrameRejection.MISSING_FIELD, "the event has no type");
        }
        AudioFrameCodec.checkId(event.tenant(), "tenant");
        AudioFrameCodec.checkId(event.callId(), "callId");
        try {
            return JsonFields.MAPPER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws FrameFormatException for any value that is not a valid call event; nothing else */
    public CallEvent decode(byte[] value) {
        if (value == null || value.length == 0) {
            throw new FrameFormatException(FrameRejection.EMPTY_RECORD, "the record value is empty");
        }
        if (!JsonFields.looksLikeJson(value)) {
            throw new FrameFormatException(FrameRejection.UNPARSEABLE, "a call event is a JSON object");
        }
        JsonFields json = JsonFields.parse(value);
        json.requireVersion(CallEvent.VERSION);
        CallEvent.Type type = typeOf(json.requiredText("type"));
        String tenant = json.requiredText("tenant");
        String callId = json.requiredText("callId");
        AudioFrameCodec.checkId(tenant, "tenant");
        AudioFrameCodec.checkId(callId, "callId");
        long timestampMs = json.requiredLong("timestampMs");
        if (timestampMs < 0) {
            throw new FrameFormatException(FrameRejection.BAD_FIELD, "timestampMs " + timestampMs + " is negative");
        }
        List<Leg> legs = json.has("legs") ? legs(json.required("legs")) : null;
        Codec codec = json.has("codec") ? codecOf(json.optionalText("codec")) : null;
        String agentId = json.optionalText("agentId");
        Map<String, String> metadata = json.has("metadata") ? metadata(json.required("metadata")) : null;
        List<String> hotwords = json.has("hotwords") ? strings(json.required("hotwords"), "hotwords") : null;
        Map<String, Long> lastFrameMs = json.has("lastFrameMs") ? lastFrameMs(json.required("lastFrameMs")) : null;
        return new CallEvent(CallEvent.VERSION, type, tenant, callId, legs, codec, agentId, metadata, hotwords,
                timestampMs, lastFrameMs);
    }

    private static CallEvent.Type typeOf(String type) {
        return switch (type) {
            case "started" -> CallEvent.Type.STARTED;
            case "ended" -> CallEvent.Type.ENDED;
            default -> throw new FrameFormatException(FrameRejection.UNKNOWN_EVENT_TYPE,
                    "event type '" + type + "' is not 'started' or 'ended'");
        };
    }

    private static Codec codecOf(String name) {
        try {
            return Codec.fromWire(name);
        } catch (IllegalArgumentException e) {
            throw new FrameFormatException(FrameRejection.UNKNOWN_CODEC, e.getMessage());
        }
    }

    private static List<Leg> legs(JsonNode node) {
        List<Leg> legs = new ArrayList<>();
        for (String name : strings(node, "legs")) {
            legs.add(AudioFrameCodec.legOf(name));
        }
        return List.copyOf(legs);
    }

    private static List<String> strings(JsonNode node, String field) {
        if (!node.isArray()) {
            throw new FrameFormatException(FrameRejection.BAD_FIELD,
                    "field '" + field + "' is not an array: " + JsonFields.abbreviated(node));
        }
        List<String> strings = new ArrayList<>(node.size());
        for (JsonNode element : node) {
            strings.add(JsonFields.text(element, field + "[]"));
        }
        return List.copyOf(strings);
    }

    private static Map<String, String> metadata(JsonNode node) {
        if (!node.isObject()) {
            throw new FrameFormatException(FrameRejection.BAD_FIELD,
                    "field 'metadata' is not an object: " + JsonFields.abbreviated(node));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            metadata.put(entry.getKey(), JsonFields.text(entry.getValue(), "metadata." + entry.getKey()));
        }
        return metadata;
    }

    /** Leg name to capture time; leg names are checked and written the canonical way. */
    private static Map<String, Long> lastFrameMs(JsonNode node) {
        if (!node.isObject()) {
            throw new FrameFormatException(FrameRejection.BAD_FIELD,
                    "field 'lastFrameMs' is not an object: " + JsonFields.abbreviated(node));
        }
        Map<String, Long> times = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            Leg leg;
            try {
                leg = Leg.fromWire(entry.getKey());
            } catch (IllegalArgumentException e) {
                throw new FrameFormatException(FrameRejection.UNKNOWN_LEG, "lastFrameMs: " + e.getMessage());
            }
            JsonNode value = entry.getValue();
            if (!value.canConvertToLong() || value.asLong() < 0) {
                throw new FrameFormatException(FrameRejection.BAD_FIELD,
                        "lastFrameMs." + entry.getKey() + " is not a non-negative integer: " + JsonFields.abbreviated(value));
            }
            times.put(leg.wireName(), value.asLong());
        }
        return times;
    }
}
