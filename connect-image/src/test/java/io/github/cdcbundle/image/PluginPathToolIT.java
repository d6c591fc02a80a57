package io.github.cdcbundle.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.tools.ConnectPluginPath;
import org.junit.jupiter.api.Test;

/**
 * Kafka's own plugin-path tool ({@code connect-plugin-path.sh list}) over the folders the image bakes in: every plugin
 * must be loadable through the ServiceLoader (what {@code plugin.discovery=service_load} needs) and have a manifest.
 */
class PluginPathToolIT {

    record Row(String plugin, String type, String version, boolean loadable, boolean manifest, String location) {
    }

    private static List<Row> rows;

    /** One run of the tool for the whole class: it scans every jar, which takes seconds. */
    static synchronized List<Row> list() {
        if (rows == null) {
            rows = runTool();
        }
        return rows;
    }

    private static List<Row> runTool() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ConnectPluginPath.mainNoExit(new String[] {"list", "--plugin-path", Built.plugins().toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8).lines().skip(1).map(line -> line.split("\t"))
                .filter(cols -> cols.length >= 8)
                .map(c -> new Row(c[0], c[4], c[3], Boolean.parseBoolean(c[5]), Boolean.parseBoolean(c[6]), c[7]))
                .toList();
    }

    @Test
    void everyOneOfOurPluginsIsServiceLoadable() {
        Map<String, Row> ours = list().stream().filter(r -> r.plugin().startsWith("io.github.cdcbundle"))
                .collect(Collectors.toMap(r -> r.plugin() + "/" + r.type(), r -> r));
        assertThat(ours.keySet()).containsExactlyInAnyOrder(
                "io.github.cdcbundle.s3sink.S3SinkConnector/sink",
                "io.github.cdcbundle.smt.FlattenChangeEvent$Value/transformation",
                "io.github.cdcbundle.smt.RdsMetadata$Value/transformation",
                "io.github.cdcbundle.smt.RdsMetadata$Key/transformation",
                "io.github.cdcbundle.converters.AnalystJsonConverter/converter",
                "io.github.cdcbundle.converters.AnalystJsonConverter/header_converter",
                "io.github.cdcbundle.configprovider.SecretsConfigProvider/configprovider");
        for (Row row : ours.values()) {
            assertThat(row.loadable()).as(row.plugin() + " loadable").isTrue();
            assertThat(row.manifest()).as(row.plugin() + " has a META-INF/services manifest").isTrue();
            assertThat(row.version()).as(row.plugin() + " version").isEqualTo(Built.version());
        }
    }

    @Test
    void debeziumsConnectorIsServiceLoadableToo() {
        Row postgres = list().stream()
                .filter(r -> r.plugin().equals("io.debezium.connector.postgresql.PostgresConnector"))
                .findFirst().orElseThrow();
        assertThat(postgres.loadable()).isTrue();
        assertThat(postgres.manifest()).isTrue();
        assertThat(postgres.location()).endsWith("debezium-connector-postgres");
    }

    @Test
    void everyPluginFolderHasItsReadmeAndLicense() {
        for (String folder : Arrays.asList("cdc-smt", "cdc-s3-sink", "cdc-converters", "cdc-config-provider")) {
            assertThat(Built.plugins().resolve(folder).resolve("doc/README.md")).as(folder).isRegularFile();
            assertThat(Built.plugins().resolve(folder).resolve("doc/LICENSE")).as(folder).isRegularFile();
            assertThat(Built.plugins().resolve(folder).resolve("manifest.json")).as(folder).isRegularFile();
        }
        assertThat(Built.plugins().resolve("debezium-connector-postgres/README.md")).isRegularFile();
        assertThat(Built.plugins().resolve("debezium-connector-postgres/LICENSE")).isRegularFile();
    }

    /** What connect-image/README.md says each folder holds: every one of ours its own copy of the common library. */
    @Test
    void everyOneOfOurPluginFoldersCarriesTheCommonLibrary() throws IOException {
        String common = "cdc-plugin-common-" + Built.version() + ".jar";
        assertThat(jars("cdc-smt")).containsExactlyInAnyOrder("cdc-smt-" + Built.version() + ".jar", common);
        assertThat(jars("cdc-converters"))
                .containsExactlyInAnyOrder("cdc-converters-" + Built.version() + ".jar", common);
        assertThat(jars("cdc-config-provider")).contains("cdc-config-provider-" + Built.version() + ".jar", common)
                .anyMatch(j -> j.startsWith("kubernetes-client-"));
        assertThat(jars("cdc-s3-sink")).contains("cdc-s3-sink-" + Built.version() + ".jar", common,
                "cdc-converters-" + Built.version() + "-rendering.jar").anyMatch(j -> j.startsWith("s3-2"));
        for (String folder : List.of("cdc-smt", "cdc-converters", "cdc-config-provider", "cdc-s3-sink")) {
            assertThat(jars(folder)).as(folder).filteredOn(j -> j.startsWith("cdc-plugin-common")).hasSize(1);
        }
    }

    private static List<String> jars(String folder) throws IOException {
        try (Stream<Path> files = Files.list(Built.plugins().resolve(folder).resolve("lib"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar")).sorted().toList();
        }
    }

    @Test
    void noPluginFolderCarriesWhatTheWorkerProvides() throws Exception {
        try (var files = java.nio.file.Files.walk(Built.plugins())) {
            List<String> jars = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar")).toList();
            assertThat(jars).noneMatch(n -> n.startsWith("kafka-clients") || n.startsWith("connect-api")
                    || n.startsWith("connect-runtime") || n.startsWith("connect-json")
                    || n.startsWith("connect-transforms") || n.startsWith("slf4j-")
                    // format=parquet is written without Hadoop (hadoop-client-api is compile-only in s3-sink)
                    || n.startsWith("hadoop-"));
        }
    }

    @Test
    void theSinkReadmeNamesEveryJacksonCopyItsFolderBundles() throws Exception {
        // s3-sink/README.md says which Jackson copies the sink's folder carries (it once said "no Jackson").
        java.nio.file.Path sink = Built.plugins().resolve("cdc-s3-sink");
        String readme = java.nio.file.Files.readString(sink.resolve("doc/README.md"));
        try (var files = java.nio.file.Files.list(sink.resolve("lib"))) {
            List<String> jackson = files.map(p -> p.getFileName().toString()).filter(n -> n.contains("jackson"))
                    .map(n -> n.replaceAll("-[0-9][0-9.]*\\.jar$", "")).sorted().toList();
            assertThat(jackson).isNotEmpty();
            for (String artifact : jackson) {
                assertThat(readme).as("s3-sink/README.md names " + artifact).contains("`" + artifact + "`");
            }
        }
    }
}
