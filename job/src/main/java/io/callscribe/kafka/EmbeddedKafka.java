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
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
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
 *
 * <p>With {@link Builder#saslPlainUser} clients must log in: {@link #bootstrapServers()} is then a
 * {@code SASL_PLAINTEXT} listener with the {@code PLAIN} mechanism and the given users. The controller
 * and the broker's own inter-broker listener stay {@code PLAINTEXT}; {@link #createTopics} goes
 * through the latter, so no user is needed to set a test up.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String SASL_LISTENER = "SASL_PLAINTEXT";
    private static final String PLAIN_LOGIN_MODULE = "org.apache.kafka.common.security.plain.PlainLoginModule";
    /** A password goes into a quoted JAAS option: no quote, backslash or semicolon. */
    private static final Pattern JAAS_SAFE = Pattern.compile("[^\"\\\\;]+");
    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final int START_ATTEMPTS = 3;
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final Path dataDir;
    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final String internalBootstrapServers;
    private final Duration startupTime;
    private Admin admin;
    private boolean closed;

    private EmbeddedKafka(Path dataDir, KafkaRaftServer server, String bootstrapServers, String internalBootstrapServers,
            Duration startupTime) {
        this.dataDir = dataDir;
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.internalBootstrapServers = internalBootstrapServers;
        this.startupTime = startupTime;
    }

    /** Starts a broker with the default settings. */
    public static EmbeddedKafka start() {
        return builder().start();
    }

    /**
     * Starts a broker; {@code overrides} are broker settings ({@code server.properties} keys) applied
     * over the defaults, e.g. {@code auto.create.topics.enable=false}. Returns once the broker
     * accepts clients.
     */
    public static EmbeddedKafka start(Map<String, String> overrides) {
        return builder().settings(overrides).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The client settings that log in to a broker started with {@link Builder#saslPlainUser}: what a
     * job gets as {@code kafka.properties.*}.
     */
    public static Map<String, String> saslPlainClientSettings(String user, String password) {
        checkCredentials(user, password);
        return Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", PLAIN_LOGIN_MODULE + " required username=\"" + user + "\" password=\"" + password + "\";");
    }

    /** How the broker is started: settings over the defaults, and optionally SASL/PLAIN users. */
    public static final class Builder {

        private final Map<String, String> settings = new HashMap<>();
        private final Map<String, String> saslUsers = new LinkedHashMap<>();

        private Builder() {}

        /** A broker setting ({@code server.properties} key) over the defaults. */
        public Builder setting(String key, String value) {
            settings.put(key, value);
            return this;
        }

        public Builder settings(Map<String, String> overrides) {
            settings.putAll(overrides);
            return this;
        }

        /**
         * A user that may log in with SASL/PLAIN; the first one turns the client listener into
         * {@code SASL_PLAINTEXT}. Names are letters, digits, '.', '_' and '-'; passwords hold no
         * quote, backslash or semicolon (they go into a JAAS line).
         */
        public Builder saslPlainUser(String user, String password) {
            checkCredentials(user, password);
            saslUsers.put(user, password);
            return this;
        }

        /** Starts the broker; returns once it accepts clients. */
        public EmbeddedKafka start() {
            return EmbeddedKafka.start(Map.copyOf(settings), Map.copyOf(saslUsers));
        }
    }

    private static void checkCredentials(String user, String password) {
        if (user == null || !USER_NAME.matcher(user).matches()) {
            throw new IllegalArgumentException("SASL user name must be letters, digits, '.', '_' or '-': '" + user + "'");
        }
        if (password == null || !JAAS_SAFE.matcher(password).matches()) {
            throw new IllegalArgumentException("the password of SASL user " + user
                    + " must be non-empty and hold no quote, backslash or semicolon");
        }
    }

    private static EmbeddedKafka start(Map<String, String> overrides, Map<String, String> saslUsers) {
        long begin = System.nanoTime();
        RuntimeException lastFailure = null;
        boolean sasl = !saslUsers.isEmpty();
        // The ports are chosen free but bound a moment later; another process may take one in between.
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            Path dataDir = createDataDir();
            int[] ports = freePorts(sasl ? 3 : 2);
            Map<String, String> config = brokerConfig(dataDir, ports[0], ports[1]);
            if (sasl) {
                addSaslListener(config, ports[2], saslUsers);
            }
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
                String internal = "127.0.0.1:" + ports[0];
                String bootstrap = sasl ? "127.0.0.1:" + ports[2] : internal;
                LOG.info("Embedded Kafka broker on {}{} started in {} ms (data in {})", bootstrap,
                        sasl ? " (SASL/PLAIN, " + saslUsers.size() + " users)" : "", startupTime.toMillis(), dataDir);
                return new EmbeddedKafka(dataDir, server, bootstrap, internal, startupTime);
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

    /** {@code host:port} for clients' {@code bootstrap.servers}: the SASL listener where users were given. */
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
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, internalBootstrapServers));
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
        // No deletion by age: replayed recordings carry their capture times as record timestamps, and the
        // default 7 days would delete a call recorded longer ago within a minute of the broker's start.
        config.put("log.retention.ms", "-1");
        // Sized for a laptop: fewer threads, and a 4 MB instead of a 128 MB log-cleaner buffer.
        config.put("num.network.threads", "2");
        config.put("num.io.threads", "2");
        config.put("background.threads", "2");
        config.put("log.cleaner.threads", "1");
        config.put("log.cleaner.dedupe.buffer.size", Integer.toString(4 * 1024 * 1024));
        config.put("broker.heartbeat.interval.ms", "500");
        return config;
    }

    /**
     * A {@code SASL_PLAINTEXT} listener for clients beside the {@code PLAINTEXT} one, which stays the
     * inter-broker listener. The users go into the listener's own JAAS setting
     * ({@code listener.name.<listener>.plain.sasl.jaas.config}), so nothing JVM-wide is touched.
     */
    private static void addSaslListener(Map<String, String> config, int port, Map<String, String> users) {
        String prefix = "listener.name." + SASL_LISTENER.toLowerCase(Locale.ROOT) + ".";
        config.put("listeners", config.get("listeners") + "," + SASL_LISTENER + "://127.0.0.1:" + port);
        config.put("advertised.listeners", config.get("advertised.listeners") + "," + SASL_LISTENER + "://127.0.0.1:" + port);
        config.put("listener.security.protocol.map", config.get("listener.security.protocol.map") + "," + SASL_LISTENER + ":SASL_PLAINTEXT");
        config.put(prefix + "sasl.enabled.mechanisms", "PLAIN");
        StringBuilder jaas = new StringBuilder(PLAIN_LOGIN_MODULE).append(" required");
        users.forEach((user, password) -> jaas.append(" user_").append(user).append("=\"").append(password).append('"'));
        config.put(prefix + "plain.sasl.jaas.config", jaas.append(';').toString());
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
