package io.github.cdcbundle.configprovider.source;

import java.util.Map;
import java.util.Optional;

/** The worker's process environment, or an injected map in tests. */
public final class EnvironmentSource implements SecretSource {
    private final Map<String, String> environment;

    public EnvironmentSource(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public String describe() {
        return "environment";
    }

    @Override
    public Optional<String> find(String key) {
        return Optional.ofNullable(environment.get(key));
    }

    @Override
    public String toString() {
        return "EnvironmentSource";
    }
}
