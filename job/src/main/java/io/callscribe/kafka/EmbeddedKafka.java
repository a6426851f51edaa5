package io.callscribe.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker in this JVM, for local mode and tests: KRaft, broker and controller
 * in one process, listening on 127.0.0.1 on free ports, its data in a temporary folder that
 * {@link #close()} deletes.
 *
 * <p>It is started the way {@code kafka-storage.sh format} and {@code kafka-server-start.sh} start a
 * server, through Kafka's own {@link Formatter} and {@link KafkaRaftServer}, so only Kafka's main
 * jars are needed (the test kit would bring JUnit and its own logging configuration along).
 *
 * <p>Settings suit one node: replication factor 1 for the internal topics, and transactions allowed
 * up to an hour ({@code transaction.max.timeout.ms}) because Flink's exactly-once Kafka sink keeps
 * transactions open across checkpoints. Like any Kafka server, a fatal metadata error halts the JVM.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final int START_ATTEMPTS = 3;
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final Path dataDir;
    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Duration startupTime;
    private Admin admin;
    private boolean closed;

    private EmbeddedKafka(Path dataDir, KafkaRaftServer server, String bootstrapServers, Duration startupTime) {
        this.dataDir = dataDir;
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.startupTime = startupTime;
    }

    /** Starts a broker with the default settings. */
    public static EmbeddedKafka start() {
        return start(Map.of());
    }

    /**
     * Starts a broker; {@code overrides} are broker settings ({@code server.properties} keys) applied
     * over the defaults, e.g. {@code auto.create.topics.enable=false}. Returns once the broker
     * accepts clients.
     */
    public static EmbeddedKafka start(Map<String, String> overrides) {
        long begin = System.nanoTime();
        RuntimeException lastFailure = null;
        // The ports are chosen free but bound a moment later; another process may take one in between.
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            Path dataDir = createDataDir();
            int[] ports = freePorts(2);
            Map<String, String> config = brokerConfig(dataDir, ports[0], ports[1]);
            config.putAll(overrides);
            KafkaConfig kafkaConfig;
            try {
                kafkaConfig = new KafkaConfig(config, false);
            } catch (RuntimeException e) {
                deleteRecursively(dataDir);
                throw e; // a bad override: starting again would not help
            }
            KafkaRaftServer server = null;
            try {
                format(dataDir);
                server = new KafkaRaftServer(kafkaConfig, Time.SYSTEM);
                server.startup();
                Duration startupTime = Duration.ofNanos(System.nanoTime() - begin);
                String bootstrap = "127.0.0.1:" + ports[0];
                LOG.info("Embedded Kafka broker on {} started in {} ms (data in {})", bootstrap,
                        startupTime.toMillis(), dataDir);
                return new EmbeddedKafka(dataDir, server, bootstrap, startupTime);
            } catch (RuntimeException e) {
                lastFailure = e;
                LOG.warn("Embedded Kafka broker failed to start (attempt {} of {}): {}", attempt, START_ATTEMPTS,
                        e.toString());
                if (server != null) {
                    stop(server);
                }
                deleteRecursively(dataDir);
            }
        }
        throw new IllegalStateException("the embedded Kafka broker did not start", lastFailure);
    }

    /** {@code host:port} for clients' {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** From {@link #start} being called to the broker accepting clients. */
    public Duration startupTime() {
        return startupTime;
    }

    /** Creates the topics and waits for them to exist; topics that exist already are left as they are. */
    public synchronized void createTopics(TopicSpec... topics) {
        List<NewTopic> newTopics = Arrays.stream(topics).map(t -> t.toNewTopic((short) 1)).toList();
        admin().createTopics(newTopics).values().forEach((name, future) -> {
            try {
                future.get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("could not create topic " + name, e.getCause());
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException("topic " + name + " was not created within " + ADMIN_TIMEOUT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while creating topic " + name);
            }
        });
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long begin = System.nanoTime();
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
        stop(server);
        deleteRecursively(dataDir);
        LOG.info("Embedded Kafka broker on {} stopped in {} ms", bootstrapServers,
                (System.nanoTime() - begin) / 1_000_000);
    }

    private Admin admin() {
        if (closed) {
            throw new IllegalStateException("the embedded Kafka broker is closed");
        }
        if (admin == null) {
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        }
        return admin;
    }

    private static Map<String, String> brokerConfig(Path dataDir, int brokerPort, int controllerPort) {
        Map<String, String> config = new HashMap<>();
        config.put("process.roles", "broker,controller");
        config.put("node.id", Integer.toString(NODE_ID));
        config.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        config.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        config.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        config.put("controller.listener.names", CONTROLLER_LISTENER);
        config.put("inter.broker.listener.name", "PLAINTEXT");
        config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        config.put("log.dirs", dataDir.toString());
        config.put("metadata.log.dir", dataDir.toString());
        // One node: every internal topic has a single replica, and few partitions make it quick to create.
        config.put("offsets.topic.replication.factor", "1");
        config.put("offsets.topic.num.partitions", "1");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("transaction.state.log.num.partitions", "1");
        config.put("share.coordinator.state.topic.replication.factor", "1");
        config.put("share.coordinator.state.topic.min.isr", "1");
        config.put("min.insync.replicas", "1");
        // Flink's exactly-once sink asks for transaction timeouts up to an hour; the default cap is 15 minutes.
        config.put("transaction.max.timeout.ms", Long.toString(Duration.ofHours(1).toMillis()));
        config.put("group.initial.rebalance.delay.ms", "0");
        // Sized for a laptop: fewer threads, and a 4 MB instead of a 128 MB log-cleaner buffer.
        config.put("num.network.threads", "2");
        config.put("num.io.threads", "2");
        config.put("background.threads", "2");
        config.put("log.cleaner.threads", "1");
        config.put("log.cleaner.dedupe.buffer.size", Integer.toString(4 * 1024 * 1024));
        config.put("broker.heartbeat.interval.ms", "500");
        return config;
    }

    /** What {@code kafka-storage.sh format} does: writes meta.properties and the bootstrap metadata. */
    private static void format(Path dataDir) {
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(dataDir.toString())
                    .addDirectory(dataDir.toString())
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("could not format the broker's data folder " + dataDir, e);
        }
    }

    private static void stop(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("Embedded Kafka broker did not shut down cleanly: {}", e.toString());
        }
    }

    private static int[] freePorts(int count) {
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            int[] ports = new int[count];
            // Held open together so that the ports differ.
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        } finally {
            for (ServerSocket socket : sockets) {
                if (socket != null) {
                    try {
                        socket.close();
                    } catch (IOException ignored) {
                        // A port we only peeked at.
                    }
                }
            }
        }
    }

    private static Path createDataDir() {
        try {
            return Files.createTempDirectory("callscribe-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a temporary folder for the broker", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", dir, e.toString());
        }
    }
}
