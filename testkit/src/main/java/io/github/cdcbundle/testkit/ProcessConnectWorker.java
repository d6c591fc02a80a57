package io.github.cdcbundle.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A distributed worker in a child process, started by our image's start script ({@code start-connect.sh}) in its
 * classpath mode: the same script and the same rendered configuration the image runs, so a test of this worker is a
 * test of the image's contents. It can be killed ({@link #kill()}) for fault tests.
 */
public final class ProcessConnectWorker implements ConnectWorker {
    private final Process process;
    private final URI rest;
    private final Path log;

    private ProcessConnectWorker(Process process, URI rest, Path log) {
        this.process = process;
        this.rest = rest;
        this.log = log;
    }

    /** The settings a start needs; {@code env} adds or overrides CONNECT_* variables. */
    public record Launch(Path script, String classpath, String bootstrapServers, Path pluginPath,
            Map<String, String> env) {
    }

    public static ProcessConnectWorker start(Launch launch) {
        return start(launch, "127.0.0.1", Ports.free());
    }

    /**
     * Binds the REST API to {@code host:port} and advertises that address: several workers on one machine, each on
     * its own loopback address (127.0.0.2, 127.0.0.3, ...) as pods each have their own IP.
     */
    public static ProcessConnectWorker start(Launch launch, String host, int port) {
        Path dir = Files2.tempDir("cdc-worker-");
        Path log = dir.resolve("worker.log");
        Map<String, String> env = new HashMap<>();
        env.put("CONNECT_BOOTSTRAP_SERVERS", launch.bootstrapServers());
        env.put("CONNECT_GROUP_ID", "cdc-" + Long.toHexString(System.nanoTime()));
        env.put("CONNECT_REST_PORT", Integer.toString(port));
        // Everything else as the image ships it (exactly-once, rebalance delay, flush interval); loopback instead of
        // 0.0.0.0, and an address other workers can reach, as the chart advertises the pod's IP.
        env.put("CONNECT_LISTENERS", "http://" + host + ":" + port);
        env.put("CONNECT_REST_ADVERTISED_HOST_NAME", host);
        env.put("CONNECT_CONFIG_FILE", dir.resolve("worker.properties").toString());
        env.put("CONNECT_CLASSPATH", launch.classpath());
        env.put("CONNECT_LOG4J_CONFIG", writeLog4j(dir).toString());
        env.put("KAFKA_HEAP_OPTS", "-Xms128m -Xmx768m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
        if (launch.pluginPath() != null) {
            env.put("CONNECT_PLUGIN_PATH", launch.pluginPath().toAbsolutePath().toString());
        }
        env.putAll(launch.env());
        ProcessBuilder builder = new ProcessBuilder("bash", launch.script().toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("CONNECT_") || k.startsWith("KAFKA_"));
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            ProcessConnectWorker worker = new ProcessConnectWorker(process,
                    URI.create("http://" + host + ":" + port + "/"), log);
            try {
                Poll.untilTrue("the worker started by " + launch.script().getFileName() + " to serve REST on port "
                        + port, Duration.ofSeconds(90), () -> {
                            if (!process.isAlive()) {
                                throw new AssertionError("the worker exited with " + process.exitValue() + ":\n"
                                        + worker.log());
                            }
                            return worker.rest().ready();
                        });
            } catch (AssertionError e) {
                worker.close();
                throw new AssertionError(e.getMessage() + "\nworker log:\n" + worker.log(), e);
            }
            return worker;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + launch.script(), e);
        }
    }

    private static Path writeLog4j(Path dir) {
        Path file = dir.resolve("log4j2.properties");
        try {
            Files.write(file, List.of(
                    "rootLogger.level = INFO",
                    "rootLogger.appenderRef.out.ref = out",
                    "appender.out.type = Console",
                    "appender.out.name = out",
                    "appender.out.layout.type = PatternLayout",
                    "appender.out.layout.pattern = %d{HH:mm:ss.SSS} %-5p [%t] %c{1}: %m%n",
                    "logger.isolation.name = org.apache.kafka.connect.runtime.isolation",
                    "logger.isolation.level = WARN",
                    "logger.clients.name = org.apache.kafka.clients",
                    "logger.clients.level = WARN"));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final Pattern LEADER_URL = Pattern.compile("leaderUrl='([^']*)'");

    /**
     * The group leader's REST URL as this worker last logged it when it joined the group (Connect's REST API does not
     * say who leads), or null before it joined.
     */
    public String leaderUrl() {
        Matcher m = LEADER_URL.matcher(log());
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        return last;
    }

    /** What the worker printed so far. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public URI restUrl() {
        return rest;
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL: the worker dies between any two instructions, as in a node crash. */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        waitFor();
    }

    /** SIGTERM: Connect's own shutdown hook stops connectors and commits offsets. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    kill();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
            }
        }
    }

    private void waitFor() {
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
