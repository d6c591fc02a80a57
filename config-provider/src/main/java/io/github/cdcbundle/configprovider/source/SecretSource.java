package io.github.cdcbundle.configprovider.source;

import java.util.Optional;

/** One place {@code ${secrets:KEY}} may be found. Implementations are thread-safe and never log or print values. */
public interface SecretSource {
    /** Where this source looks, for error messages and logs (a path or a Secret's name, never a value). */
    String describe();

    /**
     * The value of KEY, or empty when this source does not hold it.
     *
     * @throws org.apache.kafka.common.config.ConfigException when the source cannot be read; the message names the
     *     source and the key only
     */
    Optional<String> find(String key);
}
