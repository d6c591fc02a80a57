package io.github.cdcbundle.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.provider.ConfigProvider;

/**
 * Reads a user's .env through our config provider itself, loaded from its plugin folder as the worker loads it, so
 * the local pipeline's check sees exactly the values the worker will resolve: the same quoting, escapes and inline
 * comments, the seed README's key names and the defaults. The provider's jars stay in their own class loader (only
 * Kafka's API comes from here), as on a worker: on this JVM's classpath they would also be visible to the in-JVM
 * worker's plugins.
 */
final class ProviderDotEnv {
    static final String PROVIDER_CLASS = "io.github.cdcbundle.configprovider.SecretsConfigProvider";
    /** The keys the local pipeline reads, required or not. */
    static final List<String> KEYS = List.of("AWS_RDS_HOST", "AWS_RDS_PORT", "AWS_RDS_USER", "AWS_RDS_PASSWORD",
            "AWS_RDS_DATABASE", "AWS_RDS_SSLMODE", "AWS_RDS_INSTANCE", "AWS_REGION", "CDC_TOPIC_PREFIX",
            "CDC_SLOT_NAME", "CDC_PUBLICATION_NAME", "CDC_TABLES", "S3_BUCKET", "S3_ENDPOINT", "S3_PATH_STYLE_ACCESS",
            "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");

    private ProviderDotEnv() {
    }

    /** The values of {@link #KEYS} the provider resolves from {@code dotEnv}; a key it cannot find is absent. */
    static Map<String, String> read(Path providerFolder, Path dotEnv) {
        try (URLClassLoader loader = new KafkaApiFirstLoader(jars(providerFolder));
                ConfigProvider provider = (ConfigProvider) loader.loadClass(PROVIDER_CLASS)
                        .getDeclaredConstructor().newInstance()) {
            provider.configure(Map.of("sources", "dotenv", "dotenv.path", dotEnv.toAbsolutePath().toString()));
            Map<String, String> values = new LinkedHashMap<>();
            for (String key : KEYS) {
                try {
                    String value = provider.get("", Set.of(key)).data().get(key);
                    if (value != null) {
                        values.put(key, value);
                    }
                } catch (ConfigException e) {
                    // not in the file and no default: DotEnvCheck names the key if it is required
                }
            }
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load " + PROVIDER_CLASS + " from " + providerFolder, e);
        }
    }

    private static URL[] jars(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalStateException("No config provider plugin at " + folder
                    + ": build first (mvn -B -DskipTests package)");
        }
        List<URL> urls = new ArrayList<>();
        try (Stream<Path> files = Files.walk(folder)) { // the archive layout keeps the jars under lib/
            for (Path jar : files.filter(f -> f.toString().endsWith(".jar")).sorted().toList()) {
                urls.add(jar.toUri().toURL());
            }
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return urls.toArray(new URL[0]);
    }

    /** Child-first, as Connect's plugin loaders are, except for the JDK, Kafka's API and SLF4J. */
    private static final class KafkaApiFirstLoader extends URLClassLoader {
        KafkaApiFirstLoader(URL[] urls) {
            super(urls, ProviderDotEnv.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("org.apache.kafka.")
                    || name.startsWith("org.slf4j.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    try {
                        loaded = findClass(name);
                    } catch (ClassNotFoundException e) {
                        loaded = super.loadClass(name, false);
                    }
                }
                if (resolve) {
                    resolveClass(loaded);
                }
                return loaded;
            }
        }
    }
}
