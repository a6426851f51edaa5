package io.callscribe.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.callscribe.contract.AudioFrame;
import io.callscribe.contract.CallEvent;
import io.callscribe.contract.codec.AudioFrameCodec;
import io.callscribe.contract.codec.CallEventCodec;
import io.callscribe.kafka.DefaultTopics;
import io.callscribe.kafka.EmbeddedKafka;
import io.callscribe.kafka.TopicSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

class KafkaReplaySinkTest {

    @Test
    void aReplayedCallLandsOnTheAudioAndEventTopicsKeyedByCallId() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(TopicSpec.of(DefaultTopics.CALL_AUDIO, 3), TopicSpec.of(DefaultTopics.CALL_EVENTS, 3));
            CallReplayer replay = CallReplayer.builder().tenant("acme").callId("call-7")
                    .stereo(CallReplayerTest.tones(1.0, 8000)).impairments(new Impairments(0.05, 0.05, 40)).seed(9)
                    .build();
            try (KafkaReplaySink sink = new KafkaReplaySink(kafka.bootstrapServers())) {
                replay.replay(sink);
            }

            List<ConsumerRecord<byte[], byte[]>> audio = readAll(kafka, DefaultTopics.CALL_AUDIO, replay.frames().size());
            List<ConsumerRecord<byte[], byte[]>> events = readAll(kafka, DefaultTopics.CALL_EVENTS, 2);
            AudioFrameCodec frames = new AudioFrameCodec();
            List<AudioFrame> received = audio.stream().map(r -> frames.decode(r.value())).toList();
            // One key, one partition: the arrival order survives.
            assertEquals(replay.frames(), received);
            assertEquals(1, audio.stream().map(ConsumerRecord::partition).distinct().count());
            audio.forEach(r -> assertEquals("call-7", new String(r.key(), StandardCharsets.UTF_8)));
            audio.forEach(r -> assertEquals(frames.decode(r.value()).capturedAtMs(), r.timestamp()));
            CallEventCodec codec = new CallEventCodec();
            List<CallEvent.Type> types = events.stream().map(r -> codec.decode(r.value()).type()).toList();
            assertEquals(List.of(CallEvent.Type.STARTED, CallEvent.Type.ENDED), types);
            assertEquals(replay.startedEvent(), codec.decode(events.get(0).value()));
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(EmbeddedKafka kafka, String topic, int expected) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "replay-test-" + topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
        }
        return records;
    }
}
