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

    /**
     * A profile (connectors/profiles/NAME.json): per connector name, the settings that override its shipped file. A
     * connector the profile does not name gets an empty map.
     */
    public record Profile(Map<String, Map<String, String>> overrides) {
        /** The shipped files as they are. */
        public static final Profile NONE = new Profile(Map.of());

        public Map<String, String> of(String connector) {
            return overrides.getOrDefault(connector, Map.of());
        }

        /** The connector with this profile's settings for it merged over its own. */
        public Connector applyTo(Connector connector) {
            return connector.with(of(connector.name()));
        }
    }

    /** The profile in {@code file}; its connectors map must be there (a profile that changes nothing is a mistake). */
    public static Profile profile(Path file) {
        try {
            JsonNode connectors = new ObjectMapper().readTree(file.toFile()).get("connectors");
            if (connectors == null || !connectors.isObject()) {
                throw new IllegalArgumentException("profile " + file + " has no \"connectors\" object");
            }
            Map<String, Map<String, String>> overrides = new LinkedHashMap<>();
            connectors.fields().forEachRemaining(connector -> overrides.put(connector.getKey(),
                    strings(connector.getValue())));
            return new Profile(overrides);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read connector profile " + file, e);
        }
    }

    public static Connector read(Path file) {
        try {
            JsonNode root = new ObjectMapper().readTree(file.toFile());
            return new Connector(root.get("name").asText(), strings(root.get("config")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read connector file " + file, e);
        }
    }

    /** A JSON object of settings as the string map Connect's REST API takes. */
    private static Map<String, String> strings(JsonNode settings) {
        Map<String, String> config = new LinkedHashMap<>();
        settings.fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
        return config;
    }
}
