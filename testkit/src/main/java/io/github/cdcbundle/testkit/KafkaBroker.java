package io.github.cdcbundle.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * An Apache Kafka broker in KRaft mode (combined broker and controller) in this JVM. It speaks the protocol Redpanda
 * speaks; topics are created with replication factor 1, as on a one-node Redpanda.
 */
public final class KafkaBroker implements Broker {
    private final Path logDir;
    private final int port;
    private final KafkaRaftServer server;

    private KafkaBroker(Path logDir, int port, KafkaRaftServer server) {
        this.logDir = logDir;
        this.port = port;
        this.server = server;
    }

    public static KafkaBroker start() {
        Path logDir = Files2.tempDir("cdc-kafka-");
        int port = Ports.free();
        try {
            KafkaRaftServer server = startServer(logDir, port, Ports.free());
            KafkaBroker broker = new KafkaBroker(logDir, port, server);
            awaitReady(broker);
            return broker;
        } catch (Exception e) {
            Files2.deleteRecursively(logDir);
            throw new IllegalStateException("Kafka broker did not start", e);
        }
    }

    /**
     * Formats {@code logDir} unless it already holds a broker's data (a restart on the same data), then starts a
     * combined broker and controller on the given ports. Shared by the in-JVM broker and {@link ProcessKafkaBroker}.
     */
    static KafkaRaftServer startServer(Path logDir, int port, int controllerPort) throws Exception {
        Properties props = new Properties();
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        return startNode(props, Uuid.randomUuid().toString());
    }

    /**
     * Starts one combined broker and controller of a KRaft cluster: {@code node} gives at least node.id, log.dirs,
     * controller.quorum.voters, listeners and their protocol map (the controller's listener named CONTROLLER); the
     * kit's settings for small machines fill in what it leaves out (replication factor 1 for internal topics unless
     * given). Its log folder is formatted for {@code clusterId} unless it already holds a broker's data. For a test
     * that runs a cluster of several nodes, each with listeners of its own.
     */
    public static KafkaRaftServer startNode(Properties node, String clusterId) throws Exception {
        KafkaRaftServer server = new KafkaRaftServer(prepareNode(node, clusterId), Time.SYSTEM);
        server.startup();
        return server;
    }

    /**
     * The first half of {@link #startNode}: the node's configuration with the kit's settings, its log folder formatted
     * for {@code clusterId} unless it already holds a broker's data. A cluster in one JVM prepares its nodes one after
     * the other and only then starts them together, so no two threads format folders or load Kafka's classes at once.
     */
    public static KafkaConfig prepareNode(Properties node, String clusterId) throws Exception {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("controller.listener.names", "CONTROLLER");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "5");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("num.partitions", "1");
        props.put("default.replication.factor", "1");
        props.put("auto.create.topics.enable", "true");
        props.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "2");
        props.put("background.threads", "2");
        props.put("log.cleaner.enable", "true");
        props.put("log.cleaner.threads", "1");
        props.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
        props.putAll(node);
        KafkaConfig config = KafkaConfig.fromProps(props, false);
        Path logDir = Path.of(props.getProperty("log.dirs"));
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            new Formatter().setNodeId(config.nodeId()).setClusterId(clusterId)
                    .setDirectories(List.of(logDir.toString())).setMetadataLogDirectory(logDir.toString())
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setControllerListenerName("CONTROLLER")
                    .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                    .run();
        }
        return config;
    }

    static void awaitReady(Broker broker) {
        try (Admin admin = broker.admin()) {
            Poll.until("the Kafka broker to answer", Duration.ofSeconds(60), () -> {
                try {
                    return admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty() ? null : Boolean.TRUE;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    @Override
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public void createTopic(String name, int partitions) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot create topic " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            Files2.deleteRecursively(logDir);
        }
    }
}
