package io.callscribe.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The transcript contract's JSON: v2 marks PII words; readers of either version read both. */
class TranscriptJsonTest {

    private final ObjectMapper json = new ObjectMapper();

    private static TranscriptSegment segment(List<WordTiming> words) {
        return new TranscriptSegment(TranscriptSegment.VERSION, "call-1/customer/0", "acme", "call-1", Leg.CUSTOMER, 1, true,
                0, 2000, "it is [card]", words, 0.8f, List.of(), List.of(), "moonshine-base", 120, 5000, 0);
    }

    @Test
    void onlyMarkedWordsCarryAPiiField() throws Exception {
        TranscriptSegment s = segment(List.of(new WordTiming("it", 0, 200, 0.9f), new WordTiming("is", 200, 400, 0.9f),
                new WordTiming("[card]", 400, 2000, 0.7f, "card")));
        String text = json.writeValueAsString(s);
        assertEquals(1, text.split("\"pii\"", -1).length - 1, text);
        assertEquals(true, text.contains("{\"text\":\"[card]\",\"startMs\":400,\"endMs\":2000,\"confidence\":0.7,\"pii\":\"card\"}"), text);
        assertEquals(s, json.readValue(text, TranscriptSegment.class));
    }

    @Test
    void aVersionOneRecordAndOneWithFieldsFromALaterVersionAreRead() throws Exception {
        String v1 = "{\"v\":1,\"segmentId\":\"c/agent/0\",\"tenant\":\"t\",\"callId\":\"c\",\"leg\":\"agent\",\"revision\":1,"
                + "\"final\":true,\"startMs\":0,\"endMs\":900,\"text\":\"hi\",\"words\":[{\"text\":\"hi\",\"startMs\":0,\"endMs\":900,"
                + "\"confidence\":0.9}],\"confidence\":0.9,\"flags\":[],\"hotwords\":[],\"modelId\":\"m\",\"endpointToEmitMs\":1,"
                + "\"emittedAtMs\":2}";
        TranscriptSegment read = json.readValue(v1, TranscriptSegment.class);
        assertNull(read.words().get(0).pii());
        String later = v1.replace("\"confidence\":0.9}]", "\"confidence\":0.9,\"speaker\":\"x\"}]").replace("\"v\":1", "\"v\":3,\"sentiment\":0.1");
        assertEquals("hi", json.readValue(later, TranscriptSegment.class).text());
        assertFalse(json.writeValueAsString(read).contains("pii"));
    }
}
