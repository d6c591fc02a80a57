package io.github.cdcbundle.configprovider;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.connect.runtime.isolation.PluginClassLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The provider loaded the way a worker loads it from {@code plugin.path}: Connect's own PluginClassLoader over our
 * classes plus target/plugin-libs, whose parent holds only what a worker's libs/ folder has (kafka-clients,
 * connect-api, slf4j, log4j, Kafka's jackson-annotations 2.21). Proves the folder is complete, that our
 * jackson-annotations 2.22 wins over the worker's 2.21, and that lookups work with the worker's context class loader.
 */
class PluginIsolationTest {
    private static final List<String> WORKER_LIBS = List.of("kafka-clients-", "connect-api-", "slf4j-api-",
            "log4j-api-", "log4j-core-", "log4j-slf4j-impl-");
    private static final List<String> PROPERTIES = List.of("kubernetes.master", "kubernetes.namespace",
            "kubernetes.auth.tryKubeConfig", "kubernetes.auth.tryServiceAccount");

    @AfterEach
    void clean() {
        PROPERTIES.forEach(System::clearProperty);
    }

    @Test
    void theProviderRunsFromItsPluginFolderBesideOnlyWhatTheWorkerShips() throws Exception {
        try (KubernetesMock mock = new KubernetesMock();
                URLClassLoader worker = new URLClassLoader(workerLibs(), ClassLoader.getPlatformClassLoader());
                PluginClassLoader plugin = new PluginClassLoader(pluginLocation(), pluginUrls(), worker)) {
            mock.put("cdc", "rds", Map.of("password", "isolated-pw"));
            System.setProperty("kubernetes.master",
                    "http://" + mock.server.getHostName() + ":" + mock.server.getPort());
            System.setProperty("kubernetes.namespace", "cdc");
            System.setProperty("kubernetes.auth.tryKubeConfig", "false");
            System.setProperty("kubernetes.auth.tryServiceAccount", "false");

            Class<?> api = worker.loadClass("org.apache.kafka.common.config.provider.ConfigProvider");
            List<String> found = ServiceLoader.load(api, plugin).stream().map(p -> p.type().getName()).toList();
            assertThat(found).as("service_load discovery in the plugin's loader (Kafka's own providers come from the "
                    + "worker)").contains(SecretsConfigProvider.class.getName()).filteredOn(n -> n.startsWith("io."))
                    .containsExactly(SecretsConfigProvider.class.getName());

            Thread thread = Thread.currentThread();
            ClassLoader original = thread.getContextClassLoader();
            Object provider;
            try {
                // Connect instantiates and configures a provider with the plugin's loader as context loader...
                thread.setContextClassLoader(plugin);
                Class<?> type = plugin.loadClass(SecretsConfigProvider.class.getName());
                assertThat(type.getClassLoader()).isSameAs(plugin);
                assertThat(plugin.loadClass("com.fasterxml.jackson.annotation.JsonApplyView").getClassLoader())
                        .as("jackson-annotations 2.22 from the plugin folder, not the worker's 2.21").isSameAs(plugin);
                provider = type.getConstructor().newInstance();
                type.getMethod("configure", Map.class).invoke(provider, Map.of("sources", "kubernetes"));
                // ...and resolves later from its herder thread, whose context loader is the worker's.
                thread.setContextClassLoader(worker);
                Object data = type.getMethod("get", String.class, Set.class).invoke(provider, "rds",
                        Set.of("password"));
                Method values = data.getClass().getMethod("data");
                assertThat(values.invoke(data)).isEqualTo(Map.of("password", "isolated-pw"));
                type.getMethod("close").invoke(provider);
            } finally {
                thread.setContextClassLoader(original);
            }
        }
    }

    private static URL[] workerLibs() throws IOException {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (WORKER_LIBS.stream().anyMatch(name::startsWith) && !name.contains("-test")) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        String jackson = System.getProperty("jackson.version").replaceAll("^(\\d+\\.\\d+).*", "$1");
        Path annotations = Path.of(System.getProperty("maven.repo.local"), "com", "fasterxml", "jackson", "core",
                "jackson-annotations", jackson, "jackson-annotations-" + jackson + ".jar");
        if (Files.exists(annotations)) {
            urls.add(annotations.toUri().toURL());
        }
        assertThat(urls).hasSizeGreaterThanOrEqualTo(WORKER_LIBS.size());
        return urls.toArray(URL[]::new);
    }

    private static URL pluginLocation() throws IOException {
        return Path.of(System.getProperty("plugin.libs")).toUri().toURL();
    }

    private static URL[] pluginUrls() throws IOException {
        List<URL> urls = new ArrayList<>();
        urls.add(Path.of("target", "classes").toAbsolutePath().toUri().toURL());
        try (Stream<Path> jars = Files.list(Path.of(System.getProperty("plugin.libs")))) {
            for (Path jar : jars.sorted().toList()) {
                urls.add(jar.toUri().toURL());
            }
        }
        return urls.toArray(URL[]::new);
    }
}
