package io.github.cdcbundle.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The same KRaft broker as {@link KafkaBroker}, in a child JVM so that a fault test can SIGKILL it ({@link #kill()})
 * and start it again on the same ports and the same data ({@link #restart()}), as a broker pod that crashed and was
 * rescheduled onto its volume.
 */
public final class ProcessKafkaBroker implements Broker {
    private final Path logDir;
    private final Path log;
    private final int port;
    private final int controllerPort;
    private Process process;

    private ProcessKafkaBroker(Path root, int port, int controllerPort) {
        this.logDir = root.resolve("data");
        this.log = root.resolve("broker.log");
        this.port = port;
        this.controllerPort = controllerPort;
    }

    public static ProcessKafkaBroker start() {
        ProcessKafkaBroker broker = new ProcessKafkaBroker(Files2.tempDir("cdc-kafka-process-"), Ports.free(),
                Ports.free());
        try {
            broker.restart();
            return broker;
        } catch (RuntimeException | Error e) {
            broker.close();
            throw e;
        }
    }

    /** Starts the broker process on this broker's ports and data; returns once it answers. */
    public void restart() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the broker is running (pid " + process.pid() + ")");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xms128m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), logDir.toString(),
                Integer.toString(port), Integer.toString(controllerPort)));
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the broker process", e);
        }
        try {
            KafkaBroker.awaitReady(this);
        } catch (RuntimeException | AssertionError e) {
            throw new IllegalStateException("the broker process did not answer; its log:\n" + log(), e);
        }
    }

    /** SIGKILL: the broker dies without flushing, closing or telling anyone. */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() {
        try {
            if (process != null && process.isAlive()) {
                process.destroy();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    kill();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        } finally {
            Files2.deleteRecursively(logDir.getParent());
        }
    }

    /** The child JVM: runs the broker until it is killed or terminated. */
    public static final class Main {
        private Main() {
        }

        public static void main(String[] args) throws Exception {
            Path logDir = Path.of(args[0]);
            Files.createDirectories(logDir);
            var server = KafkaBroker.startServer(logDir, Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.shutdown();
                server.awaitShutdown();
            }));
            server.awaitShutdown();
        }
    }
}
