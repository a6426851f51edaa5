package io.callscribe.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaTest {

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
        System.out.println("embedded Kafka started in " + kafka.startupTime().toMillis() + " ms");
    }

    @AfterAll
    static void stopBroker() {
        long begin = System.nanoTime();
        kafka.close();
        System.out.println("embedded Kafka stopped in " + (System.nanoTime() - begin) / 1_000_000 + " ms");
    }

    @Test
    void createsPartitionedAndCompactedTopics() throws Exception {
        kafka.createTopics(TopicSpec.of("audio-a", 4), TopicSpec.of("summaries-a", 2).asCompacted());
        kafka.createTopics(TopicSpec.of("audio-a", 4)); // exists already: no error
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Map<String, TopicDescription> topics =
                    admin.describeTopics(List.of("audio-a", "summaries-a")).allTopicNames().get(10, TimeUnit.SECONDS);
            assertEquals(4, topics.get("audio-a").partitions().size());
            assertEquals(2, topics.get("summaries-a").partitions().size());
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "summaries-a");
            String policy = admin.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS).get(resource)
                    .get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
            assertEquals(TopicConfig.CLEANUP_POLICY_COMPACT, policy);
        }
    }

    @Test
    void producedRecordIsConsumed() {
        kafka.createTopics(TopicSpec.of("plain", 1));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(null))) {
            producer.send(new ProducerRecord<>("plain", "call-1", "hello")).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        List<ConsumerRecord<String, String>> records = consume("plain", "read_uncommitted", 1);
        assertEquals(1, records.size());
        assertEquals("call-1", records.get(0).key());
        assertEquals("hello", records.get(0).value());
    }

    @Test
    void readCommittedSeesCommittedTransactionsOnly() {
        kafka.createTopics(TopicSpec.of("transactional", 1));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig("test-tx"))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("transactional", "k", "aborted"));
            // abort discards records still in the client's buffer: make sure this one reached the log
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("transactional", "k", "committed"));
            producer.commitTransaction();
        }
        List<String> committed = consume("transactional", "read_committed", 1).stream()
                .map(ConsumerRecord::value).toList();
        assertEquals(List.of("committed"), committed);
        List<String> everything = consume("transactional", "read_uncommitted", 2).stream()
                .map(ConsumerRecord::value).toList();
        assertEquals(List.of("aborted", "committed"), everything);
    }

    @Test
    void aBadSettingFailsAtOnce() {
        assertThrows(ConfigException.class, () -> EmbeddedKafka.start(Map.of("num.io.threads", "several")));
    }

    @Test
    void withSaslUsersClientsMustLogIn() throws Exception {
        try (EmbeddedKafka secured = EmbeddedKafka.builder().saslPlainUser("alice", "alice-secret").start()) {
            secured.createTopics(TopicSpec.of("secured", 1));
            Map<String, Object> alice = new HashMap<>(EmbeddedKafka.saslPlainClientSettings("alice", "alice-secret"));
            alice.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, secured.bootstrapServers());
            try (Admin admin = Admin.create(alice)) {
                assertTrue(admin.listTopics().names().get(10, TimeUnit.SECONDS).contains("secured"));
            }
            for (Map<String, String> login : List.of(EmbeddedKafka.saslPlainClientSettings("alice", "wrong"),
                    EmbeddedKafka.saslPlainClientSettings("mallory", "alice-secret"))) {
                Map<String, Object> config = new HashMap<>(login);
                config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, secured.bootstrapServers());
                try (Admin admin = Admin.create(config)) {
                    ExecutionException e = assertThrows(ExecutionException.class,
                            () -> admin.listTopics().names().get(10, TimeUnit.SECONDS));
                    assertInstanceOf(SaslAuthenticationException.class, e.getCause());
                }
            }
            // No login at all: the listener speaks SASL only, so the request never gets an answer.
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, secured.bootstrapServers(),
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000))) {
                assertThrows(ExecutionException.class, () -> admin.listTopics().names().get(10, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void credentialsThatCannotGoIntoAJaasLineAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> EmbeddedKafka.builder().saslPlainUser("alice", "pa\"ss"));
        assertThrows(IllegalArgumentException.class, () -> EmbeddedKafka.builder().saslPlainUser("alice bob", "secret"));
        assertThrows(IllegalArgumentException.class, () -> EmbeddedKafka.saslPlainClientSettings("alice", "a;b"));
    }

    @Test
    void startsQuickly() {
        assertTrue(kafka.startupTime().compareTo(Duration.ofSeconds(30)) < 0, "took " + kafka.startupTime());
    }

    private static Properties producerConfig(String transactionalId) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        if (transactionalId != null) {
            config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        return config;
    }

    /** Reads the topic from the start until {@code expected} records (or 15 s) have passed, then 300 ms more. */
    private static List<ConsumerRecord<String, String>> consume(String topic, String isolation, int expected) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + topic + "-" + isolation);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
            consumer.poll(Duration.ofMillis(300)).forEach(records::add);
        }
        return records;
    }
}
