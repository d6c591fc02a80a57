package io.github.cdcbundle.e2e;

import io.github.cdcbundle.testkit.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

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
        Path userEnv = null;
        String format = "json";
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--seconds") && i + 1 < args.length) {
                seconds = Long.parseLong(args[++i]);
            } else if (args[i].equals("--env") && i + 1 < args.length) {
                userEnv = Path.of(args[++i]).toAbsolutePath();
            } else if (args[i].equals("--format") && i + 1 < args.length
                    && List.of("json", "parquet").contains(args[i + 1])) {
                format = args[++i];
            } else {
                System.err.println("usage: local-pipeline.sh [--seconds N] [--env .env] [--format json|parquet]");
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

        Map<String, String> env = null;
        if (userEnv != null) {
            if (!Files.isRegularFile(userEnv)) {
                System.err.println("local-pipeline: " + userEnv + " does not exist (copy .env.example to .env)");
                System.exit(2);
            }
            env = ProviderDotEnv.read(plugins.resolve("cdc-config-provider"), userEnv);
            java.util.Optional<String> problem = DotEnvCheck.problem(env);
            if (problem.isPresent()) {
                System.err.println("local-pipeline: " + userEnv.getFileName() + ": " + problem.get());
                System.exit(2);
            }
        }
        Instant started = Instant.now();
        Pipeline.Layout layout = new Pipeline.Layout(plugins, connectors, s3Folder, work);
        Pipeline pipeline;
        String bucket;
        String prefix;
        if (env == null) {
            keepPreviousRun(s3Folder);
            say("starting PostgreSQL, Kafka, Kafka Connect and S3 (objects go to " + s3Folder + ") ...");
            pipeline = Pipeline.start(layout, DemoWorkload.TABLES, DemoWorkload.SCHEMA);
            say("PostgreSQL takes passwords only (scram-sha-256); Debezium logs in as " + pipeline.postgres.cdcUser()
                    + ", made by docs/rds-setup.md step 2");
            bucket = Pipeline.BUCKET;
            prefix = Pipeline.TOPIC_PREFIX;
        } else {
            say("using your PostgreSQL and S3 from " + userEnv + "; starting Kafka and Kafka Connect ...");
            pipeline = Pipeline.startWithUserServices(layout, userEnv, UserServices.database(env),
                    UserServices.objectStore(env));
            bucket = env.get("S3_BUCKET");
            prefix = env.get("CDC_TOPIC_PREFIX");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        DemoWorkload workload = new DemoWorkload(pipeline.postgres, 100);
        String database = env == null ? Pipeline.DATABASE : env.get("AWS_RDS_DATABASE");
        String slot = env == null ? Pipeline.SLOT : env.get("CDC_SLOT_NAME");
        String farewell = "stopped." + (userEnv == null ? " S3 objects are in " + s3Folder.resolve(Pipeline.BUCKET) : "");
        Thread shutdown = new Thread(() -> {
            say("stopping ...");
            workload.close();
            try {
                pipeline.close();
            } finally {
                stopped.countDown();
            }
            say(farewell);
        }, "local-pipeline-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);

        // Parquet needs each record's types: connectors/profiles/parquet.json has the source put its Connect schema in
        // a header, which the sink's converter rebuilds a typed Struct from (converters/README.md, Schema header). JSON
        // leaves the shipped files as they are, header off, so the topics keep the shape other consumers read.
        ConnectorFiles.Profile profile = format.equals("parquet")
                ? ConnectorFiles.profile(connectors.resolve("profiles/parquet.json"))
                : ConnectorFiles.Profile.NONE;
        // Upload every 5 s instead of every minute, so that files show up while you watch.
        pipeline.register(profile.applyTo(ConnectorFiles.read(connectors.resolve("debezium-postgres.json")))
                .with(Map.of("poll.interval.ms", "100")));
        pipeline.register(profile.applyTo(ConnectorFiles.read(connectors.resolve("s3-sink.json")))
                .with(Map.of("rotate.schedule.interval.ms", "5000")));
        say("connectors RUNNING (S3 objects as " + format + ") after " + Duration.between(started, Instant.now()).toSeconds() + " s"
                + (env == null ? "; generating changes on " + DemoWorkload.TABLES : "; capturing " + env.get("CDC_TABLES"))
                + ". Ctrl-C to stop.");
        if (env == null) {
            Thread generator = new Thread(workload, "demo-workload");
            generator.setDaemon(true);
            generator.start();
        }

        long deadline = seconds > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds) : Long.MAX_VALUE;
        // The worker runs in this JVM: Debezium's snapshot metrics say how far a table's first copy is (your own
        // database with --env can have large ones).
        DebeziumMetrics metrics = new DebeziumMetrics(prefix);
        try (Admin admin = pipeline.kafka.admin();
                CommittedRecords captured = new CommittedRecords(pipeline.kafka.bootstrapServers())) {
            while (System.nanoTime() < deadline && stopped.getCount() > 0) {
                if (stopped.await(2, TimeUnit.SECONDS)) {
                    break;
                }
                say(String.format("rows changed %6s | events captured %6d | objects written %4d | slot lag %s",
                        env == null ? Long.toString(workload.changes.get()) : "-", captured.count(admin, prefix),
                        objects(pipeline, bucket), slotLag(pipeline.postgres, database, slot)));
                String snapshot = metrics.snapshotProgress(() -> TableEstimates.of(pipeline.postgres, database));
                if (snapshot != null) {
                    say(snapshot);
                }
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

    /**
     * Change events in the topics, counted as the sink reads them (read_committed). With exactly-once source support
     * every transaction also leaves a marker that takes an offset, so end offsets would over-count.
     */
    private static final class CommittedRecords implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private long count;

        CommittedRecords(String bootstrapServers) {
            consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
        }

        long count(Admin admin, String prefix) throws Exception {
            List<TopicPartition> partitions = admin.describeTopics(admin.listTopics().names().get().stream()
                    .filter(t -> t.startsWith(prefix + ".")).toList()).allTopicNames().get().values().stream()
                    .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                    .toList();
            if (!consumer.assignment().containsAll(partitions)) {
                List<TopicPartition> added = partitions.stream().filter(p -> !consumer.assignment().contains(p))
                        .toList();
                List<TopicPartition> all = new java.util.ArrayList<>(consumer.assignment());
                all.addAll(added);
                consumer.assign(all);
                consumer.seekToBeginning(added);
            }
            // Read what has arrived since the last tick, for at most a second so the progress line stays on time.
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            int read = partitions.isEmpty() ? 0 : -1;
            while (read != 0 && System.nanoTime() < until) {
                read = consumer.poll(Duration.ofMillis(100)).count();
                count += read;
            }
            return count;
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    private static long objects(Pipeline pipeline, String bucket) {
        try {
            // the sink's recovery markers live under cdc/_markers/: they are not data
            return pipeline.s3.keys(bucket, "cdc/").stream().filter(k -> !k.startsWith("cdc/_markers/")).count();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static String slotLag(Database postgres, String database, String slot) {
        try (Connection c = postgres.connect(database); java.sql.PreparedStatement s = c.prepareStatement(
                "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn) FROM pg_replication_slots "
                        + "WHERE slot_name = ?")) {
            s.setString(1, slot);
            ResultSet rs = s.executeQuery();
            return rs.next() ? rs.getLong(1) + " bytes" : "no slot yet";
        } catch (Exception e) {
            return "unknown";
        }
    }

    /**
     * Each run starts a new Kafka, so its sink starts at offset 0: a previous run's objects and recovery markers under
     * the same keys would mix with this run's. The previous run's objects are kept in {@code local-s3.previous/}.
     */
    private static void keepPreviousRun(Path s3Folder) throws IOException {
        if (!Files.exists(s3Folder)) {
            return;
        }
        Path previous = s3Folder.resolveSibling(s3Folder.getFileName() + ".previous");
        if (Files.exists(previous)) {
            try (java.util.stream.Stream<Path> tree = Files.walk(previous)) {
                for (Path p : tree.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.move(s3Folder, previous);
        say("the previous run's objects are now in " + previous);
    }

    private static void say(String line) {
        System.out.println("[local-pipeline " + java.time.LocalTime.now().withNano(0)
                .format(java.time.format.DateTimeFormatter.ISO_LOCAL_TIME) + "] " + line);
    }
}
