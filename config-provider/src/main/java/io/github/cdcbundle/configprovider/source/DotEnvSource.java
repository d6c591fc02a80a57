package io.github.cdcbundle.configprovider.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;

/** A {@code .env} file, parsed once per TTL. A missing file holds no keys, so one worker config serves everywhere. */
public final class DotEnvSource implements SecretSource {
    private final Path file;
    private final ExpiringCache<Path, Map<String, String>> cache;

    public DotEnvSource(Path file, ExpiringCache<Path, Map<String, String>> cache) {
        this.file = file.toAbsolutePath().normalize();
        this.cache = cache;
    }

    @Override
    public String describe() {
        return ".env file " + file;
    }

    @Override
    public Optional<String> find(String key) {
        return Optional.ofNullable(cache.get(file, this::load).get(key));
    }

    private Map<String, String> load() {
        try {
            return Map.copyOf(DotEnvParser.parse(describe(), Files.readAllLines(file, StandardCharsets.UTF_8)));
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException e) {
            throw new ConfigException("Cannot read " + describe() + ": " + e.getClass().getSimpleName());
        }
    }

    @Override
    public String toString() {
        return "DotEnvSource[" + file + "]";
    }
}
