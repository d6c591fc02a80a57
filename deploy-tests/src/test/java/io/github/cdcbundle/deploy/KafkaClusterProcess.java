package io.github.cdcbundle.deploy;

import io.github.cdcbundle.testkit.KafkaBroker;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;

/**
 * The nodes of a KRaft cluster (the kit's Apache Kafka broker and controller, each with listeners of its own) in one
 * child JVM. One JVM rather than one per node: three JVMs loading Kafka at once took about 30 s to start on two
 * shared cores, one about a third of that, and what is under test (listeners, advertised addresses, routes) is per
 * node either way. The JVM resolves host names only from {@code hostsFile} ({@code jdk.net.hosts.file}), which stands
 * in for the cluster's DNS: the nodes reach each other by the names they advertise inside the cluster, while the
 * test's own JVM, the laptop, cannot resolve those names at all.
 */
final class KafkaClusterProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private KafkaClusterProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static KafkaClusterProcess start(Path dir, List<Properties> nodes, String clusterId, Path hostsFile) {
        try {
            Files.createDirectories(dir);
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xms128m", "-Xmx768m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-Djdk.net.hosts.file=" + hostsFile, "-Dlog4j2.level=" + System.getProperty("cdc.node.log.level", "WARN"),
                    "-cp", System.getProperty("java.class.path"), Main.class.getName(), clusterId));
            for (int i = 0; i < nodes.size(); i++) {
                Path config = dir.resolve("node-" + i + ".properties");
                try (Writer out = Files.newBufferedWriter(config)) {
                    nodes.get(i).store(out, null);
                }
                command.add(config.toString());
            }
            Path log = dir.resolve("nodes.log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            return new KafkaClusterProcess(process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Kafka nodes", e);
        }
    }

    String log() {
        return Files.exists(log) ? Chart.read(log) : "";
    }

    /**
     * The child JVM's threads as {@code jcmd Thread.print} shows them, for a failure message: the nodes log only
     * warnings, so a node stuck without complaining (waiting for a quorum, or on another thread) shows itself only
     * here. Says why when there is no dump (the JVM exited, or jcmd did not answer in time).
     */
    String threadDump() {
        if (!process.isAlive()) {
            return "(the nodes' JVM exited with " + process.exitValue() + ")";
        }
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(process.pid()), "Thread.print").redirectErrorStream(true).start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(jcmd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                } catch (IOException e) {
                    return "(cannot read jcmd's answer: " + e.getMessage() + ")";
                }
            });
            if (!jcmd.waitFor(30, TimeUnit.SECONDS)) {
                jcmd.destroyForcibly();
                return "(jcmd did not answer within 30 s)";
            }
            return out.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            return "(no thread dump: " + e + ")";
        }
    }

    /** SIGKILL: the data is a temporary folder, and the last node standing would wait for a quorum to shut down. */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The child JVM: a node per properties file, started together (each waits for a quorum of the others). */
    public static final class Main {
        private Main() {}

        public static void main(String[] args) throws Exception {
            // Formatted one after the other on this thread; only the start-ups, which wait for each other's votes,
            // run at once.
            List<KafkaConfig> configs = new ArrayList<>();
            for (int i = 1; i < args.length; i++) {
                Properties node = new Properties();
                try (Reader in = Files.newBufferedReader(Path.of(args[i]))) {
                    node.load(in);
                }
                Files.createDirectories(Path.of(node.getProperty("log.dirs")));
                configs.add(KafkaBroker.prepareNode(node, args[0]));
            }
            List<CompletableFuture<KafkaRaftServer>> servers = new ArrayList<>();
            for (KafkaConfig config : configs) {
                servers.add(CompletableFuture.supplyAsync(() -> {
                    KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
                    try {
                        server.startup();
                    } catch (RuntimeException e) {
                        throw new IllegalStateException("node " + config.nodeId() + " did not start", e);
                    }
                    return server;
                }, runnable -> new Thread(runnable, "start-node-" + config.nodeId()).start()).whenComplete((s, e) -> {
                    if (e != null) {
                        // Said at once and the JVM ends: the test sees a node that cannot start, not a silent one.
                        e.printStackTrace();
                        Runtime.getRuntime().halt(1);
                    }
                }));
            }
            for (CompletableFuture<KafkaRaftServer> server : servers) {
                server.join().awaitShutdown();
            }
        }
    }
}
