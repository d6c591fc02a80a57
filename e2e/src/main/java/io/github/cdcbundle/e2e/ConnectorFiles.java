package io.github.cdcbundle.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The connector JSON files in connectors/, as a user PUTs them to Kafka Connect. */
public final class ConnectorFiles {
    private ConnectorFiles() {
    }

    /** A connector file: its name and its config (placeholders left as they are: the worker resolves them). */
    public record Connector(String name, Map<String, String> config) {
        public Connector with(Map<String, String> overrides) {
            Map<String, String> merged = new LinkedHashMap<>(config);
            merged.putAll(overrides);
            return new Connector(name, merged);
        }
    }

    public static Connector read(Path file) {
        try {
            JsonNode root = new ObjectMapper().readTree(file.toFile());
            Map<String, String> config = new LinkedHashMap<>();
            root.get("config").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
            return new Connector(root.get("name").asText(), config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read connector file " + file, e);
        }
    }
}
