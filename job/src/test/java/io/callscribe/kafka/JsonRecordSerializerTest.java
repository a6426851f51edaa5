package io.callscribe.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.callscribe.contract.CallSummary;
import io.callscribe.contract.DeadLetter;
import io.callscribe.contract.Leg;
import io.callscribe.contract.ReviewItem;
import io.callscribe.contract.TranscriptSegment;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.util.InstantiationUtil;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class JsonRecordSerializerTest {

    private static final TranscriptSegment SEGMENT = new TranscriptSegment(1, "call-1/agent/16000", "acme", "call-1",
            Leg.AGENT, 2, true, 1000, 2500, "hello there", List.of(), 0.9f, List.of(), List.of(), "moonshine-tiny",
            120, 5000, 1_700_000_000_000L);

    @Test
    void transcriptIsKeyedByCallIdAndWrittenAsJson() throws Exception {
        ProducerRecord<byte[], byte[]> record = JsonRecordSerializer.transcripts("transcripts").serialize(SEGMENT, null, 77L);
        assertEquals("transcripts", record.topic());
        assertEquals("call-1", new String(record.key(), StandardCharsets.UTF_8));
        assertEquals(77L, record.timestamp());
        assertNull(record.partition());
        assertEquals(SEGMENT, new ObjectMapper().readValue(record.value(), TranscriptSegment.class));
        String json = new String(record.value(), StandardCharsets.UTF_8);
        assertEquals(true, json.contains("\"final\":true") && json.contains("\"leg\":\"agent\""), json);
    }

    @Test
    void everyOutputIsKeyedByItsCall() {
        ReviewItem review = new ReviewItem(1, SEGMENT, "confidence 0.41 below 0.60", null);
        CallSummary summary = new CallSummary(1, "acme", "call-2", Leg.CUSTOMER, "text", 900, 1, 0.8f, 0, "event", 9, 1_700_000_000_000L);
        DeadLetter letter = new DeadLetter(1, "call-audio/0@1", "unparseable", "bad", "call-3", "AA==", 5);
        assertEquals("call-1", key(JsonRecordSerializer.reviews("review").serialize(review, null, null)));
        assertEquals("call-2", key(JsonRecordSerializer.summaries("call-summaries").serialize(summary, null, null)));
        assertEquals("call-3", key(JsonRecordSerializer.deadLetters("dead-letters").serialize(letter, null, null)));
        DeadLetter keyless = new DeadLetter(1, "call-audio/0@1", "empty-record", "bad", null, null, 5);
        assertNull(JsonRecordSerializer.deadLetters("dead-letters").serialize(keyless, null, null).key());
    }

    @Test
    void survivesJavaSerializationAsFlinkShipsIt() throws Exception {
        JsonRecordSerializer<TranscriptSegment> copy = InstantiationUtil.clone(JsonRecordSerializer.transcripts("t"));
        assertEquals("call-1", key(copy.serialize(SEGMENT, null, null)));
        assertEquals(List.of("t"), copy.getKafkaDatasetFacet().orElseThrow().getTopicIdentifier().getTopics());
    }

    private static String key(ProducerRecord<byte[], byte[]> record) {
        return new String(record.key(), StandardCharsets.UTF_8);
    }
}
