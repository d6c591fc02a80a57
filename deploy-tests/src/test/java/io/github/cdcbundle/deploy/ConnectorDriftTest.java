package io.github.cdcbundle.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** The connector configs the chart registers are exactly connectors/*.json. */
class ConnectorDriftTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every connector config has its copy in the chart (Helm reads only files inside the chart's folder). */
    @Test
    void theChartHoldsACopyOfEveryConnectorConfig() throws java.io.IOException {
        List<String> connectors;
        List<String> copies;
        try (var files = Files.list(Chart.REPO.resolve("connectors"))) {
            connectors = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
        }
        try (var files = Files.list(Chart.DIR.resolve("files"))) {
            copies = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .filter(n -> !n.equals("grafana-dashboard.json")).sorted().toList();
        }
        assertThat(copies).as("helm/files/*.json (copies of connectors/*.json)").isEqualTo(connectors);
        assertThat(connectors).as("the configs chartCopyIsByteForByteTheRepositorysConnectorConfig compares")
                .containsExactly("debezium-postgres.json", "s3-sink-confluent.json", "s3-sink.json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"debezium-postgres", "s3-sink", "s3-sink-confluent"})
    void chartCopyIsByteForByteTheRepositorysConnectorConfig(String name) {
        assertThat(Chart.read(Chart.DIR.resolve("files/" + name + ".json")))
                .as("helm/files/%s.json differs from connectors/%s.json: copy connectors/%s.json to helm/files/", name, name,
                        name)
                .isEqualTo(Chart.read(Chart.REPO.resolve("connectors/" + name + ".json")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"debezium-postgres", "s3-sink"})
    void registerJobPutsTheInnerConfigObjectUnchanged(String name) {
        JsonNode source = JSON.readTree(Chart.read(Chart.REPO.resolve(Path.of("connectors", name + ".json"))));
        List<HasMetadata> objects = Chart.render(List.of(), Map.of());

        Map<String, String> data = Chart.one(objects, ConfigMap.class, "cdc-connectors").getData();
        String key = source.get("name").asString() + ".json";

        assertThat(data).containsKey(key);
        assertThat(JSON.readTree(data.get(key))).isEqualTo(source.get("config"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"debezium-postgres", "s3-sink", "s3-sink-confluent"})
    void credentialsAndEndpointsArePlaceholdersOnly(String name) {
        JsonNode config = JSON.readTree(Chart.read(Chart.DIR.resolve("files/" + name + ".json"))).get("config");
        for (String option : List.of("database.password", "database.hostname", "aws.secret.access.key",
                "aws.access.key.id", "s3.bucket.name")) {
            if (config.has(option)) {
                assertThat(config.get(option).asString()).as(option).startsWith("${secrets:");
            }
        }
    }
}
