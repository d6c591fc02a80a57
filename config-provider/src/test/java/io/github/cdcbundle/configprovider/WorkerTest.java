package io.github.cdcbundle.configprovider;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider in a real Connect worker (distributed mode, service_load discovery, KRaft broker), configured only
 * through worker properties and building its own fabric8 client (pointed at the mock API server by fabric8's system
 * properties): the REST API and the config topic keep the placeholders, the task receives the values, no value is
 * logged, and a Secret changed in the API reaches the task within the TTL without a worker restart.
 */
class WorkerTest {
    private static final String CONNECTOR = "echo";
    private static final String CONFIG_TOPIC = "cp-test-configs";
    private static final long TTL_MS = 2_000;
    private static final String PASSWORD_V1 = "Rds-Pw-v1-93ab";
    private static final String PASSWORD_V2 = "Rds-Pw-v2-17cd";
    private static final String USER = "Dotenv-User-55ef";
    private static final String HOST = "dotenv-host-8d21.example";
    private static final List<String> SYSTEM_PROPERTIES = List.of("kubernetes.master", "kubernetes.namespace",
            "kubernetes.auth.tryKubeConfig", "kubernetes.auth.tryServiceAccount", "kubernetes.trust.certificates");

    @TempDir
    Path dir;

    private KubernetesMock mock;
    private CapturedLogs logs;
    private EmbeddedConnectCluster connect;

    @BeforeEach
    void start() throws Exception {
        mock = new KubernetesMock();
        mock.put("cdc", "rds", Map.of("password", PASSWORD_V1));
        // The worker's provider builds its client with Config.autoConfigure: point it at the mock, and at no
        // kubeconfig or service account of this machine.
        System.setProperty("kubernetes.master", "http://" + mock.server.getHostName() + ":" + mock.server.getPort());
        System.setProperty("kubernetes.namespace", "cdc");
        System.setProperty("kubernetes.auth.tryKubeConfig", "false");
        System.setProperty("kubernetes.auth.tryServiceAccount", "false");
        System.setProperty("kubernetes.trust.certificates", "true");
        Path dotenv = dir.resolve(".env");
        Files.writeString(dotenv, "DB_USER=" + USER + "\nexport DB_HOST=\"" + HOST + "\"\n");

        logs = CapturedLogs.atLevel(Level.INFO);
        Map<String, String> worker = new HashMap<>();
        worker.put("plugin.discovery", "service_load");
        worker.put("config.storage.topic", CONFIG_TOPIC);
        worker.put("config.providers", "secrets");
        worker.put("config.providers.secrets.class", SecretsConfigProvider.class.getName());
        worker.put("config.providers.secrets.param.sources", "kubernetes,dotenv");
        worker.put("config.providers.secrets.param.dotenv.path", dotenv.toString());
        worker.put("config.providers.secrets.param.allowed.secrets", "rds");
        worker.put("config.providers.secrets.param.ttl.ms", String.valueOf(TTL_MS));
        connect = new EmbeddedConnectCluster.Builder().name("config-provider-it").numWorkers(1).numBrokers(1)
                .workerProps(worker).build();
        connect.start();
    }

    @AfterEach
    void stop() {
        try {
            if (connect != null) {
                connect.stop();
            }
        } finally {
            SYSTEM_PROPERTIES.forEach(System::clearProperty);
            if (logs != null) {
                logs.close();
            }
            if (mock != null) {
                mock.close();
            }
        }
    }

    @Test
    void theWorkerResolvesPlaceholdersKeepsThemStoredAndPicksUpARotatedSecret() throws Exception {
        Map<String, String> placeholders = Map.of(
                "db.password", "${secrets:rds:password}",
                "db.user", "${secrets:DB_USER}",
                "db.url", "jdbc:postgresql://${secrets:DB_HOST}:5432/app");
        Map<String, String> config = new HashMap<>(placeholders);
        config.put("connector.class", EchoSourceConnector.class.getName());
        config.put("tasks.max", "1");
        connect.configureConnector(CONNECTOR, config);

        TestUtils.waitForCondition(() -> PASSWORD_V1.equals(taskConfig().get("db.password")), 30_000,
                "the task did not start with the resolved password");
        assertThat(taskConfig()).containsEntry("db.user", USER)
                .containsEntry("db.url", "jdbc:postgresql://" + HOST + ":5432/app");

        assertThat(connect.connectorInfo(CONNECTOR).config()).as("GET /connectors/echo/config")
                .containsAllEntriesOf(placeholders);
        assertThat(connect.taskConfigs(CONNECTOR).toString()).as("GET /connectors/echo/tasks")
                .contains("${secrets:rds:password}").doesNotContain(PASSWORD_V1, USER, HOST);

        // Rotation: change the Secret in the API; Connect restarts the connector when the TTL runs out, the
        // provider's cache has expired by then, and the task is restarted with the new value because the resolved
        // config differs from the one the task runs with. Kafka 4.3 resolves "the config the task runs with"
        // lazily, at the connector's first reload after the task configs were written (AppliedConnectorConfig), so
        // the test rotates after that first reload, as a real rotation (long after start-up) would.
        TestUtils.waitForCondition(() -> EchoSourceConnector.TASK_CONFIG_CALLS.get() >= 2, 30_000,
                "the connector was not reloaded after its TTL");
        long rotated = System.nanoTime();
        mock.put("cdc", "rds", Map.of("password", PASSWORD_V2));
        TestUtils.waitForCondition(() -> PASSWORD_V2.equals(taskConfig().get("db.password")), 30_000, 100,
                () -> "the task did not receive the rotated password");
        Duration pickUp = Duration.ofNanos(System.nanoTime() - rotated);
        System.out.println("WorkerTest: rotated Secret reached the task after " + pickUp.toMillis() + " ms (ttl.ms="
                + TTL_MS + ")");
        assertThat(pickUp).isLessThan(Duration.ofMillis(3 * TTL_MS + 5_000));

        List<String> configTopic = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : connect.kafka().consumeAll(10_000, CONFIG_TOPIC)) {
            configTopic.add(record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8));
        }
        assertThat(String.join("\n", configTopic)).as("the config topic").contains("${secrets:rds:password}")
                .doesNotContain(PASSWORD_V1, PASSWORD_V2, USER, HOST);

        List<String> workerLog = logs.lines().stream()
                .filter(l -> !l.startsWith("io.fabric8.kubernetes.client.server.mock")
                        && !l.startsWith("io.fabric8.mockwebserver") && !l.startsWith("io.vertx")).toList();
        assertThat(workerLog).as("the worker logged").hasSizeGreaterThan(50)
                .anyMatch(l -> l.contains("Secrets config provider"));
        for (String value : List.of(PASSWORD_V1, PASSWORD_V2, USER, HOST)) {
            assertThat(workerLog).as("log lines containing a secret value").noneMatch(l -> l.contains(value));
        }
    }

    @Test
    void aMissingKeyIsRefusedWithTheProvidersMessage() {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", EchoSourceConnector.class.getName());
        config.put("tasks.max", "1");
        config.put("db.password", "${secrets:rds:passwd}");
        // Connect resolves the config when it validates the PUT and answers with the provider's message (HTTP 500).
        Throwable error = org.assertj.core.api.Assertions.catchThrowable(
                () -> connect.configureConnector("missing-key", config));
        String seen = error != null ? error.getMessage() : connect.connectorStatus("missing-key").toString();
        assertThat(seen).contains("Kubernetes Secret cdc/rds has no key 'passwd'").doesNotContain(PASSWORD_V1);
        assertThat(connect.connectors()).as("nothing stored").doesNotContain("missing-key");
    }

    private static Map<String, String> taskConfig() {
        return EchoSourceConnector.STARTED_TASK_CONFIGS.getOrDefault(CONNECTOR, Map.of());
    }
}
