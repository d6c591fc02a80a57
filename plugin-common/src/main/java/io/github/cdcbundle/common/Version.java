package io.github.cdcbundle.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version a plugin reports through {@code Versioned}: the {@code version} key of the Maven-filtered
 * {@code version.properties} in the plugin class's own package, read through that class so that each plugin reports
 * what its own jar was built as, whichever copy of this library its class loader holds. Read once per class.
 */
public final class Version {
    static final String UNKNOWN = "unknown";
    private static final ClassValue<String> VERSIONS = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> plugin) {
            return load(plugin);
        }
    };

    private Version() {
    }

    /** The version of the jar {@code plugin} came from, or {@code "unknown"} when it carries no version resource. */
    public static String of(Class<?> plugin) {
        return VERSIONS.get(plugin);
    }

    private static String load(Class<?> plugin) {
        try (InputStream in = plugin.getResourceAsStream("version.properties")) {
            if (in == null) {
                return UNKNOWN;
            }
            Properties props = new Properties();
            props.load(in);
            return props.getProperty("version", UNKNOWN).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the version resource of " + plugin.getPackageName(), e);
        }
    }
}
