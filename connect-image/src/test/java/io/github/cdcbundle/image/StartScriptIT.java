package io.github.cdcbundle.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdcbundle.testkit.KafkaBroker;
import io.github.cdcbundle.testkit.Ports;
import io.github.cdcbundle.testkit.ProcessConnectWorker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image's start script, run outside a container exactly as the image runs it (only the classpath differs: the jars
 * listed in target/worker-classpath.txt instead of their copies in /opt/connect/kafka-libs): it renders the worker
 * config from the environment and starts a worker that loads target/plugins, the folders the image bakes in.
 */
class StartScriptIT {
    @TempDir
    Path temp;

    @Test
    void startsAWorkerThatLoadsEveryPluginFolderAndServesMetrics() throws Exception {
        int metricsPort = Ports.free();
        try (KafkaBroker kafka = KafkaBroker.start();
                ProcessConnectWorker worker = ProcessConnectWorker.start(new ProcessConnectWorker.Launch(
                        Built.startScript(), Built.workerClasspath(), kafka.bootstrapServers(), Built.plugins(),
                        Map.of("CONNECT_CONFIG_PROVIDERS_SECRETS_PARAM_SOURCES", "env",
                                "JMX_EXPORTER_JAR", System.getProperty("cdc.jmx.jar"),
                                "JMX_EXPORTER_CONFIG", System.getProperty("cdc.jmx.config"),
                                "JMX_EXPORTER_PORT", Integer.toString(metricsPort))))) {
            HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("kafka_connect_worker_connector_count",
                    "kafka_connect_worker_rebalance_",
                    // The worker's own config/offset/status consumers have fetch metrics too.
                    "kafka_connect_consumer_fetch_records_lag_max{client_id=");
            assertThat(worker.rest().connectorPlugins(false)).contains(
                    "io.debezium.connector.postgresql.PostgresConnector",
                    "io.github.cdcbundle.s3sink.S3SinkConnector");
            assertThat(worker.rest().connectorPlugins(true)).contains(
                    "io.github.cdcbundle.smt.FlattenChangeEvent$Value",
                    "io.github.cdcbundle.converters.AnalystJsonConverter");
            String rendered = worker.log().lines().filter(l -> l.contains("worker config written to")).findFirst()
                    .orElseThrow();
            assertThat(rendered).contains("bootstrap.servers", "plugin.path")
                    .doesNotContain(kafka.bootstrapServers(), Built.plugins().toString());
        }
    }

    @Test
    void missingBootstrapServersIsOneClearLine() throws Exception {
        Process process = new ProcessBuilder("bash", Built.startScript().toString()).redirectErrorStream(true)
                .start();
        process.getOutputStream().close();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(output.trim()).isEqualTo("start-connect: CONNECT_BOOTSTRAP_SERVERS is required (the Kafka/Redpanda "
                + "bootstrap servers, host:port[,host:port])");
    }

    @Test
    void rendersEnvironmentVariablesIntoWorkerProperties() throws IOException, InterruptedException {
        Path config = temp.resolve("worker.properties");
        ProcessBuilder builder = new ProcessBuilder("bash", Built.startScript().toString()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("CONNECT_") || k.startsWith("KAFKA_"));
        builder.environment().putAll(Map.of(
                "CONNECT_BOOTSTRAP_SERVERS", "redpanda-0.redpanda:9092",
                "CONNECT_GROUP_ID", "cdc",
                "CONNECT_REPLICATION_FACTOR", "3",
                "CONNECT_CONFIG_FILE", config.toString(),
                "CONNECT_CONFIG_PROVIDERS_SECRETS_PARAM_KUBERNETES_NAMESPACE", "cdc",
                "CONNECT_EXAMPLE__KEY___NAME", "x",
                "CONNECT_PRODUCER_MAX_REQUEST_SIZE", "2097152",
                "CONNECT_CLASSPATH", "/nonexistent",
                "JAVA", "/bin/false"));
        Process process = builder.start();
        process.getOutputStream().close();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String rendered = Files.readString(config);
        assertThat(rendered).contains("bootstrap.servers=redpanda-0.redpanda:9092\n", "group.id=cdc\n",
                "config.storage.topic=cdc-configs\n", "offset.storage.replication.factor=3\n",
                "config.providers.secrets.param.kubernetes.namespace=cdc\n", "example_key-name=x\n", "producer.max.request.size=2097152\n",
                "plugin.discovery=service_load\n");
        assertThat(rendered).doesNotContain("replication.factor=1", "classpath");
    }
}
