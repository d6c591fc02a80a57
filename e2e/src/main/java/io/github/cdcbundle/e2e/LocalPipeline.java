package io.github.cdcbundle.e2e;

import io.github.cdcbundle.testkit.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * The main job: the whole pipeline on this machine with one command (scripts/local-pipeline.sh). Starts PostgreSQL
 * with two demo tables and a change generator, Kafka, Kafka Connect with our plugin folders, and an S3 server
 * writing into ./local-s3/; registers connectors/*.json; prints progress until Ctrl-C (or --seconds N), then stops
 * everything and leaves the S3 objects as files.
 */
public final class LocalPipeline {
    private LocalPipeline() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("cdc.root", ".")).toAbsolutePath().normalize();
        long seconds = 0;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--seconds") && i + 1 < args.length) {
                seconds = Long.parseLong(args[++i]);
            } else {
                System.err.println("usage: local-pipeline.sh [--seconds N]");
                System.exit(2);
            }
        }
        Path plugins = root.resolve("connect-image/target/plugins");
        Path connectors = root.resolve("connectors");
        Path s3Folder = root.resolve("local-s3");
        Path work = Files.createTempDirectory("cdc-local-");
        if (!Files.isDirectory(plugins)) {
            System.err.println("No plugin folders at " + plugins + ": build first (mvn -B -DskipTests package)");
            System.exit(2);
        }

        say("starting PostgreSQL, Kafka, Kafka Connect and S3 (objects go to " + s3Folder + ") ...");
        Instant started = Instant.now();
        Pipeline pipeline = Pipeline.start(new Pipeline.Layout(plugins, connectors, s3Folder, work),
                DemoWorkload.TABLES, DemoWorkload.SCHEMA);
        CountDownLatch stopped = new CountDownLatch(1);
        DemoWorkload workload = new DemoWorkload(pipeline.postgres, 100);
        Thread shutdown = new Thread(() -> {
            say("stopping ...");
            workload.close();
            try {
                pipeline.close();
            } finally {
                stopped.countDown();
            }
            say("stopped. S3 objects are in " + s3Folder.resolve(Pipeline.BUCKET));
        }, "local-pipeline-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);

        pipeline.register(ConnectorFiles.read(connectors.resolve("debezium-postgres.json"))
                .with(Map.of("poll.interval.ms", "100")));
        // Upload every 5 s instead of every minute, so that files show up while you watch.
        pipeline.register(ConnectorFiles.read(connectors.resolve("s3-sink.json"))
                .with(Map.of("rotate.schedule.interval.ms", "5000")));
        say("connectors RUNNING after " + Duration.between(started, Instant.now()).toSeconds() + " s; generating "
                + "changes on " + DemoWorkload.TABLES + ". Ctrl-C to stop.");
        Thread generator = new Thread(workload, "demo-workload");
        generator.setDaemon(true);
        generator.start();

        long deadline = seconds > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds) : Long.MAX_VALUE;
        try (Admin admin = pipeline.kafka.admin()) {
            while (System.nanoTime() < deadline && stopped.getCount() > 0) {
                if (stopped.await(2, TimeUnit.SECONDS)) {
                    break;
                }
                say(String.format("rows changed %6d | events captured %6d | objects written %4d | slot lag %s",
                        workload.changes.get(), eventsCaptured(admin), objects(s3Folder), slotLag(pipeline.postgres)));
            }
        } catch (Exception e) {
            if (stopped.getCount() > 0) {
                throw e;
            }
        }
        if (stopped.getCount() > 0) {
            Runtime.getRuntime().removeShutdownHook(shutdown);
            shutdown.run();
        }
    }

    private static long eventsCaptured(Admin admin) throws Exception {
        List<TopicPartition> partitions = admin.describeTopics(admin.listTopics().names().get().stream()
                .filter(t -> t.startsWith(Pipeline.TOPIC_PREFIX + ".")).toList()).allTopicNames().get().values()
                .stream().flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                .toList();
        if (partitions.isEmpty()) {
            return 0;
        }
        Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
        partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
    }

    private static long objects(Path s3Folder) {
        Path bucket = s3Folder.resolve(Pipeline.BUCKET);
        if (!Files.isDirectory(bucket)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(bucket)) {
            return files.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".json")).count();
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    private static String slotLag(Database postgres) {
        try (Connection c = postgres.connect(Pipeline.DATABASE); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn) "
                        + "FROM pg_replication_slots WHERE slot_name = 'cdc_shop'")) {
            return rs.next() ? rs.getLong(1) + " bytes" : "no slot yet";
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static void say(String line) {
        System.out.println("[local-pipeline " + java.time.LocalTime.now().withNano(0) + "] " + line);
    }
}
