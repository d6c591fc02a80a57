package io.github.cdcbundle.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdcbundle.testkit.ConnectRest;
import io.github.cdcbundle.testkit.InJvmConnectWorker;
import io.github.cdcbundle.testkit.KafkaBroker;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each Confluent Hub archive, unpacked alone into a fresh plugin.path of a real worker (service_load discovery), is
 * found by that worker: connectors in GET /connector-plugins, transforms and converters by validating a connector
 * config that uses them, the config provider by resolving a placeholder.
 */
class ArchiveLoadIT {
    private static final String FILE_SINK = "org.apache.kafka.connect.file.FileStreamSinkConnector";
    private static KafkaBroker kafka;

    @TempDir
    Path temp;

    @BeforeAll
    static void startBroker() {
        kafka = KafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private Path pluginPathWith(String component) throws IOException {
        Path archive = Built.archives().resolve("cdcbundle-" + component + "-" + Built.version() + ".zip");
        assertThat(archive).isRegularFile();
        Path pluginPath = temp.resolve("plugins");
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(archive))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                Path target = pluginPath.resolve(entry.getName()).normalize();
                assertThat(target.startsWith(pluginPath)).as(entry.getName()).isTrue();
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy((InputStream) zip, target);
                }
            }
        }
        Path component0 = pluginPath.resolve("cdcbundle-" + component + "-" + Built.version());
        assertThat(component0.resolve("manifest.json")).isRegularFile();
        assertThat(component0.resolve("lib")).isDirectory();
        // the helpers every plugin needs: without this jar the worker below could not load a single one of our classes
        assertThat(component0.resolve("lib/cdc-plugin-common-" + Built.version() + ".jar")).isRegularFile();
        assertThat(component0.resolve("doc/README.md")).isRegularFile();
        return pluginPath;
    }

    @Test
    void s3SinkArchiveProvidesTheConnector() throws IOException {
        try (InJvmConnectWorker worker = InJvmConnectWorker.start(kafka.bootstrapServers(), pluginPathWith("s3-sink"))) {
            assertThat(worker.rest().connectorPlugins(false)).contains("io.github.cdcbundle.s3sink.S3SinkConnector");
        }
    }

    @Test
    void smtArchiveProvidesTheTransforms() throws IOException {
        try (InJvmConnectWorker worker = InJvmConnectWorker.start(kafka.bootstrapServers(), pluginPathWith("smt"))) {
            ConnectRest rest = worker.rest();
            Map<String, String> config = Map.of("connector.class", FILE_SINK, "topics", "t", "file", "/dev/null",
                    "transforms", "flatten,rds",
                    "transforms.flatten.type", "io.github.cdcbundle.smt.FlattenChangeEvent$Value",
                    "transforms.rds.type", "io.github.cdcbundle.smt.RdsMetadata$Value",
                    "transforms.rds.rds.endpoint", "db.c9akciq32.eu-west-1.rds.amazonaws.com");
            assertThat(rest.validate(FILE_SINK, config)).isEmpty();
            // the control: a transform that is not there is reported, so an empty list above means found
            Map<String, String> missing = Map.of("connector.class", FILE_SINK, "topics", "t", "file", "/dev/null",
                    "transforms", "x", "transforms.x.type", "io.github.cdcbundle.smt.NoSuchTransform");
            assertThat(rest.validate(FILE_SINK, missing)).isNotEmpty();
        }
    }

    @Test
    void convertersArchiveProvidesTheConverter() throws IOException {
        try (InJvmConnectWorker worker = InJvmConnectWorker.start(kafka.bootstrapServers(),
                pluginPathWith("converters"))) {
            Map<String, String> config = Map.of("connector.class", FILE_SINK, "topics", "t", "file", "/dev/null",
                    "value.converter", "io.github.cdcbundle.converters.AnalystJsonConverter",
                    "header.converter", "io.github.cdcbundle.converters.AnalystJsonConverter");
            assertThat(worker.rest().validate(FILE_SINK, config)).isEmpty();
            assertThat(worker.rest().connectorPlugins(true))
                    .contains("io.github.cdcbundle.converters.AnalystJsonConverter");
        }
    }

    @Test
    void configProviderArchiveResolvesPlaceholdersAndTheStoredConfigKeepsThem() throws IOException {
        Path dotEnv = temp.resolve(".env");
        Path sinkFile = temp.resolve("sink.txt");
        Files.writeString(dotEnv, "SINK_FILE=" + sinkFile + "\n");
        Map<String, String> worker = Map.of(
                "config.providers", "secrets",
                "config.providers.secrets.class", "io.github.cdcbundle.configprovider.SecretsConfigProvider",
                "config.providers.secrets.param.sources", "dotenv",
                "config.providers.secrets.param.dotenv.path", dotEnv.toString());
        try (InJvmConnectWorker connect = InJvmConnectWorker.start(kafka.bootstrapServers(),
                pluginPathWith("config-provider"), worker)) {
            ConnectRest rest = connect.rest();
            rest.putConnector("file-sink", Map.of("connector.class", FILE_SINK, "topics", "t", "tasks.max", "1",
                    "file", "${secrets:SINK_FILE}"));
            rest.awaitRunning("file-sink", Duration.ofSeconds(60));
            assertThat(rest.connectorConfig("file-sink")).containsEntry("file", "${secrets:SINK_FILE}");
            assertThat(sinkFile).exists();
        }
    }
}
