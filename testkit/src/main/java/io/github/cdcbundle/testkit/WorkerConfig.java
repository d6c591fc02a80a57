package io.github.cdcbundle.testkit;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The distributed worker configuration the kit starts in-JVM workers with: rendered by the image's own start script
 * ({@code connect-image/docker/start-connect.sh} with {@code CONNECT_RENDER_ONLY=1}), so a test runs with the
 * defaults the image and the chart ship (exactly-once source support, {@code read_committed} sink consumers, the
 * rebalance delay, the offset flush interval), not with friendlier ones of its own. Only what a test must change is
 * set here: the broker, a group of its own, the REST listener on loopback and the plugin folder.
 */
public final class WorkerConfig {
    private WorkerConfig() {
    }

    public static Map<String, String> of(String bootstrapServers, Path pluginPath, int restPort, String discovery) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CONNECT_BOOTSTRAP_SERVERS", bootstrapServers);
        env.put("CONNECT_GROUP_ID", "cdc-connect-" + UUID.randomUUID().toString().substring(0, 8));
        env.put("CONNECT_REST_PORT", Integer.toString(restPort));
        // Deviation from the image: loopback instead of 0.0.0.0, and the address a second worker can reach (the
        // chart advertises the pod's IP the same way).
        env.put("CONNECT_LISTENERS", "http://127.0.0.1:" + restPort);
        env.put("CONNECT_REST_ADVERTISED_HOST_NAME", "127.0.0.1");
        env.put("CONNECT_PLUGIN_DISCOVERY", discovery);
        if (pluginPath != null) {
            env.put("CONNECT_PLUGIN_PATH", pluginPath.toAbsolutePath().toString());
        }
        Map<String, String> config = render(env);
        // Deviations that follow from the folder a test chooses: the image's plugin folder does not exist here, and
        // a worker whose plugin path lacks our config provider cannot start with it (tests that use it add it).
        if (pluginPath == null) {
            config.remove("plugin.path");
        }
        config.keySet().removeIf(k -> k.startsWith("config.providers"));
        return config;
    }

    /** Runs the start script in render-only mode with {@code env} and returns the properties it wrote. */
    public static Map<String, String> render(Map<String, String> env) {
        Path script = startScript();
        try {
            Path file = Files.createTempFile("cdc-worker-", ".properties");
            try {
                ProcessBuilder builder = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true);
                builder.environment().keySet().removeIf(k -> k.startsWith("CONNECT_"));
                builder.environment().putAll(env);
                builder.environment().put("CONNECT_CONFIG_FILE", file.toString());
                builder.environment().put("CONNECT_RENDER_ONLY", "1");
                Process process = builder.start();
                String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    throw new IllegalStateException(script + " could not render the worker config:\n" + out);
                }
                Properties props = new Properties();
                props.load(new StringReader(Files.readString(file)));
                Map<String, String> config = new LinkedHashMap<>();
                props.stringPropertyNames().stream().sorted().forEach(k -> config.put(k, props.getProperty(k)));
                return config;
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The system property {@code cdc.start.script}, else connect-image/docker/start-connect.sh above the cwd. */
    public static Path startScript() {
        String configured = System.getProperty("cdc.start.script");
        if (configured != null && Files.isRegularFile(Path.of(configured))) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("connect-image/docker/start-connect.sh");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("connect-image/docker/start-connect.sh not found above "
                + Path.of("").toAbsolutePath() + "; set -Dcdc.start.script");
    }
}
