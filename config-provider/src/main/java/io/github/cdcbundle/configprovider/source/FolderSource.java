package io.github.cdcbundle.configprovider.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;

/**
 * A folder with one file per key, as Kubernetes mounts a Secret volume (the files are symlinks into a {@code ..data}
 * folder that the kubelet swaps atomically when the Secret changes). The value is the file's exact content.
 * Read on every lookup: the kubelet refreshes the files itself, and a local read costs nothing.
 */
public final class FolderSource implements SecretSource {
    private final Path folder;

    public FolderSource(Path folder) {
        this.folder = folder;
    }

    @Override
    public String describe() {
        return "Secret folder " + folder;
    }

    @Override
    public Optional<String> find(String key) {
        // The parser only lets keys of letters, digits, '-', '_' and '.' (never '.' or '..') through, so the
        // resolved file cannot leave the folder.
        Path file = folder.resolve(key);
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new ConfigException("Cannot read key '" + key + "' from " + describe() + ": "
                    + e.getClass().getSimpleName());
        }
    }

    @Override
    public String toString() {
        return "FolderSource[" + folder + "]";
    }
}
