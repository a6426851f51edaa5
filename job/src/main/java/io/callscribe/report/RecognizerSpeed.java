package io.callscribe.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Real-time factor of a recognizer for one segment length and thread count, read from the
 * {@code rtf} figures of {@code callscribe bench --json} (keys {@code <model>/threads=<n>/<seconds>s}).
 */
public record RecognizerSpeed(String model, int threads, int segmentSeconds, double rtf) {

    private static final Pattern KEY = Pattern.compile("(.+)/threads=(\\d+)/(\\d+)s");

    /** @param modelBench the whole bench JSON; null gives none */
    public static List<RecognizerSpeed> of(JsonNode modelBench) {
        List<RecognizerSpeed> points = new ArrayList<>();
        if (modelBench == null || !modelBench.has("rtf")) {
            return points;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = modelBench.get("rtf").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Matcher m = KEY.matcher(e.getKey());
            if (!m.matches()) {
                throw new IllegalArgumentException("bench rtf key '" + e.getKey() + "' is not <model>/threads=<n>/<seconds>s");
            }
            points.add(new RecognizerSpeed(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), e.getValue().asDouble()));
        }
        return points;
    }

    /** The series this point belongs to in tables and charts. */
    public String series() {
        return model + ", " + threads + (threads == 1 ? " thread" : " threads");
    }
}
