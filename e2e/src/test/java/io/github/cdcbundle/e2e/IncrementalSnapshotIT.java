package io.github.cdcbundle.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cdcbundle.e2e.S3Rows.Row;
import io.github.cdcbundle.testkit.ConnectRest;
import io.github.cdcbundle.testkit.Poll;
import io.github.cdcbundle.testkit.RdsSetupSql;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/snapshots.md, run as written: while a workload streams {@code public.orders}, the administrator creates and fills
 * {@code public.payments} (60,000 rows), adds it to the publication, CDC_TABLES gets it, the task restarts, and an
 * {@code execute-snapshot} row in the signal table (inserted by the least-privilege CDC user) makes the running
 * connector snapshot it in chunks while it keeps streaming; a second workload keeps updating, inserting and deleting
 * payments all along.
 *
 * <p>What it proves: every payment arrives in S3, and its newest version equals PostgreSQL's; every change the workload
 * committed to payments is in S3 exactly once; per key the records are in commit order, and no snapshot read ever
 * follows a newer change or a delete of its key (that would put an old row back); the rows in S3 are exactly the
 * topic's; orders' changes kept being committed to their topic (the sink's input) while payments was being
 * snapshotted, and orders in S3 ends equal to PostgreSQL; the snapshot's progress was visible in
 * Debezium's snapshot metrics; the signal table's rows (the signal and the connector's watermarks) reached neither a
 * topic nor S3.
 *
 * <p>Test-only settings, for speed: Debezium polls every 50 ms, the sink uploads every second, and the config
 * provider caches nothing ({@code ttl.ms=0}), so the restart of step 2 reads the edited .env at once instead of after
 * the provider's TTL. Chunks of 200 rows instead of 1024: five times the windows for the workload's changes to fall
 * into, and a snapshot long enough (100 chunks) to be watched while it runs; status.sh runs beside the sampling:
 * with the shipped batch sizes (max.batch.size 8192) the snapshot takes about 3 s, less than status.sh may.
 */
class IncrementalSnapshotIT {
    private static final String DOCS_TABLE = "public.payments";
    private static final int PREFILLED = 60_000;
    private static final int ORDERS = 50;
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final String CONNECTOR = "debezium-postgres";
    private static final DebeziumMetrics METRICS = new DebeziumMetrics(Pipeline.TOPIC_PREFIX);

    @TempDir
    static Path work;
    private static Pipeline pipeline;

    @BeforeAll
    static void start() {
        pipeline = Pipeline.start(Pipeline.Layout.forTests(work), "public.orders", List.of(
                "CREATE TABLE public.orders (id int PRIMARY KEY, qty int NOT NULL, note text)",
                "INSERT INTO public.orders SELECT g, 0, 'order ' || g FROM generate_series(1, " + ORDERS + ") g"),
                Duration.ZERO);
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void aTableAddedMidStreamArrivesWholeAndOnceWhileTheStreamGoesOn() throws Exception {
        Path connectors = Path.of(System.getProperty("cdc.connectors"));
        ConnectorFiles.Connector source = ConnectorFiles.read(connectors.resolve("debezium-postgres.json"));
        assertThat(source.config().get("signal.data.collection")).as("the connector's signal table")
                .isEqualTo(RdsSetupSql.fromDocs().signalTable().orElseThrow());
        pipeline.register(source.with(Map.of("poll.interval.ms", "50", "incremental.snapshot.chunk.size", "200")));
        pipeline.register(ConnectorFiles.read(connectors.resolve("s3-sink.json"))
                .with(Map.of("rotate.schedule.interval.ms", "1000")));
        String orders = pipeline.topic("orders");
        String payments = pipeline.topic("payments");
        Poll.untilTrue("the snapshot of orders in S3", DEADLINE,
                () -> healthy() && S3Rows.rows(pipeline.s3, orders).size() >= ORDERS);

        try (TableWorkload ordersWork = TableWorkload.updates(pipeline.postgres, "public.orders", ORDERS, 40);
                TableWorkload paymentsWork = TableWorkload.mixed(pipeline.postgres, DOCS_TABLE, PREFILLED, 150)) {
            ordersWork.start();
            // docs/snapshots.md, "Add a table": the owner creates it (ALTER DEFAULT PRIVILEGES lets cdc_user read it)
            pipeline.postgres.execute(Pipeline.DATABASE,
                    "CREATE TABLE public.payments (id int PRIMARY KEY, qty int NOT NULL, note text)",
                    "INSERT INTO public.payments SELECT g, 0, 'payment ' || g FROM generate_series(1, " + PREFILLED
                            + ") g", "ANALYZE public.payments");
            // step 1, as the owner
            List<String> ownerSql = List.of("ALTER PUBLICATION cdc_shop ADD TABLE public.payments");
            pipeline.postgres.execute(Pipeline.DATABASE, ownerSql.toArray(new String[0]));
            // step 2: CDC_TABLES, then the tasks restart with it
            long restarted = System.nanoTime();
            pipeline.changeTables("public.orders," + DOCS_TABLE);
            ConnectRest.Response restart = pipeline.rest().send("POST",
                    "/connectors/" + CONNECTOR + "/restart?includeTasks=true", null);
            assertThat(restart.status()).as("restart: " + restart.body()).isIn(202, 204);
            Poll.untilTrue("the task capturing " + DOCS_TABLE + " (streaming metric CapturedTables)", DEADLINE,
                    () -> healthy() && capturedTables().contains(DOCS_TABLE));
            long restartMillis = (System.nanoTime() - restarted) / 1_000_000;
            paymentsWork.start();
            Poll.untilTrue("payments' workload under way", DEADLINE, () -> paymentsWork.ops() >= 20);

            // step 3, as the CDC user: the signal
            String signal = "INSERT INTO public.cdc_signal (id, type, data) VALUES ('add-payments', "
                    + "'execute-snapshot', '{\"data-collections\": [\"public.payments\"], \"type\": \"incremental\"}')";
            try (Connection c = pipeline.postgres.connectAsCdcUser(Pipeline.DATABASE);
                    Statement s = c.createStatement()) {
                s.execute(signal);
            }
            long signalled = System.nanoTime();
            assertDocsHold(List.of(ownerSql.get(0), signal, "restart?includeTasks=true"));

            // progress, as the snapshot metrics and scripts/status.sh (from the connector's offsets) show it
            Progress progress = new Progress(orders, TableEstimates.of(pipeline.postgres, Pipeline.DATABASE));
            try (progress) {
                Poll.untilTrue("the incremental snapshot of payments to complete", DEADLINE, () -> {
                    assertThat(healthy()).isTrue();
                    return progress.sample();
                });
            }
            assertThat(progress.status).as("status.sh while the snapshot ran")
                    .contains(CONNECTOR + ": incremental snapshot running: " + DOCS_TABLE)
                    .doesNotContain(pipeline.postgres.cdcPassword());
            long snapshotMillis = (System.nanoTime() - signalled) / 1_000_000;
            long opsAtEnd = paymentsWork.ops();
            Poll.untilTrue("payments' workload going on after the snapshot", DEADLINE,
                    () -> paymentsWork.ops() >= opsAtEnd + 50);
            paymentsWork.close();
            ordersWork.close();

            List<JsonNode> topic = Poll.until("payments' topic to hold PostgreSQL's state", DEADLINE, () -> {
                List<JsonNode> records = topicRows(payments);
                return newest(records).equals(postgres("payments")) ? records : null;
            });
            List<Row> lake = Poll.until("payments in S3 to be the topic's rows", DEADLINE, () -> {
                List<Row> rows = S3Rows.rows(pipeline.s3, payments);
                return rows.size() >= topic.size() ? rows : null;
            });
            Poll.untilTrue("orders in S3 to hold PostgreSQL's state", DEADLINE, () -> newest(
                    S3Rows.rows(pipeline.s3, orders).stream().map(Row::value).toList()).equals(postgres("orders")));

            assertThat(identities(lake.stream().map(Row::value).toList()))
                    .as("payments' rows in S3, each once, are the topic's").isEqualTo(identities(topic));
            Map<String, Long> byOp = assertPerKeyOrder(topic);
            assertSnapshotRowsHaveNoLsn(topic);
            assertChangesOnce(topic, paymentsWork);
            assertThat(newest(lake.stream().map(Row::value).toList())).as("newest payment per key in S3")
                    .isEqualTo(postgres("payments"));

            assertThat(progress.ordersDuring()).as("offsets orders' committed end moved by while payments' snapshot "
                    + "ran (first and last look while it was running)").isPositive();
            assertThat(progress.sawRunning).as("SnapshotRunning seen while it ran").isTrue();
            assertThat(progress.progressLines).as("the local pipeline's snapshot progress lines while it ran")
                    .anySatisfy(line -> {
                        assertThat(line).contains("0 of 1 tables done").contains("rows read");
                        // ANALYZE's estimate of the prefilled rows (a sample of them, so close, not always exact)
                        Matcher estimate = Pattern.compile(Pattern.quote(DOCS_TABLE) + " [0-9,]+ of ~([0-9,]+)\\)")
                                .matcher(line);
                        assertThat(estimate.find()).as(line).isTrue();
                        assertThat(Long.parseLong(estimate.group(1).replace(",", "")))
                                .isBetween(PREFILLED * 95L / 100, PREFILLED * 105L / 100);
                    });
            assertThat(number("snapshot", "RemainingTableCount")).isZero();
            assertThat(number("snapshot", "TotalTableCount")).isEqualTo(1);
            long scanned = rowsScanned().getOrDefault(DOCS_TABLE, 0L);
            assertThat(scanned).as("RowsScanned of " + DOCS_TABLE).isGreaterThanOrEqualTo(PREFILLED - 1000);

            long chunks = assertSignalsStayedOut(pipeline.topic("cdc_signal"));
            System.out.printf("IncrementalSnapshotIT: restart with the new CDC_TABLES %d ms; snapshot of %d rows "
                    + "(%d scanned, %d chunks) %d ms while the workloads made %d payment and %d order changes; "
                    + "payments' records by operation %s; orders' committed end moved by %d offsets during it%n",
                    restartMillis, PREFILLED, scanned, chunks, snapshotMillis, paymentsWork.ops(),
                    ordersWork.ops(), byOp, progress.ordersDuring());
        }
    }

    /** scripts/status.sh as a user runs it against the worker's REST API, with the pipeline's .env. */
    private static String statusScript() {
        Path script = Path.of(System.getProperty("cdc.connectors")).resolveSibling("scripts").resolve("status.sh");
        try {
            ProcessBuilder builder = new ProcessBuilder("bash", script.toString(), "--env-file",
                    pipeline.dotEnv.toString()).redirectErrorStream(true);
            builder.environment().put("CONNECT_URL", pipeline.rest().base().toString().replaceAll("/$", ""));
            Process process = builder.start();
            String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError("status.sh failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean healthy() {
        pipeline.rest().assertNotFailed(CONNECTOR);
        pipeline.rest().assertNotFailed("s3-sink");
        return true;
    }

    /** Each statement the test ran (or the REST call it made) is written in docs/snapshots.md. */
    private static void assertDocsHold(List<String> statements) throws IOException {
        Path docs = RdsSetupSql.docsPage("snapshots.md");
        String text = Files.readString(docs).replaceAll("\\s+", " ");
        for (String statement : statements) {
            assertThat(text).as(docs + " holds " + statement).contains(statement);
        }
    }

    /**
     * Samples the snapshot metrics, and the committed end of orders' topic (what a read_committed reader such as the
     * sink can read) while the snapshot runs; runs status.sh once while it runs. True once the snapshot completed.
     */
    private static final class Progress implements AutoCloseable {
        private static final String RUNNING_LINE = "incremental snapshot running";
        private final TopicPartition orders;
        private final KafkaConsumer<byte[], byte[]> consumer = consumer();
        boolean sawRunning;
        /** The local pipeline's progress lines (DebeziumMetrics.snapshotProgress), as sampled while it ran. */
        final List<String> progressLines = new java.util.ArrayList<>();
        long ordersAtFirstLook = -1;
        long ordersAtLastLook = -1;
        String status = "";
        private CompletableFuture<String> statusRun;

        private final Map<String, Long> estimates;

        Progress(String ordersTopic, Map<String, Long> estimates) {
            orders = new TopicPartition(ordersTopic, 0);
            this.estimates = estimates;
        }

        boolean sample() {
            if (running()) {
                sawRunning = true;
                String line = METRICS.snapshotProgress(() -> estimates);
                if (line != null) {
                    progressLines.add(line);
                }
                collectStatus();
                if (statusRun == null && !status.contains(RUNNING_LINE)) {
                    // beside the sampling: status.sh takes seconds, and the snapshot may end sooner than that
                    statusRun = CompletableFuture.supplyAsync(IncrementalSnapshotIT::statusScript);
                }
                long end = consumer.endOffsets(List.of(orders)).get(orders);
                if (ordersAtFirstLook < 0) {
                    ordersAtFirstLook = end;
                } else if (running()) {
                    ordersAtLastLook = end;
                }
                return false;
            }
            if (Boolean.TRUE.equals(attribute("snapshot", "SnapshotCompleted"))) {
                assertThat(sawRunning).as("the snapshot seen running before it completed").isTrue();
                if (statusRun != null) {
                    status = statusRun.join();
                }
                return true;
            }
            return false;
        }

        /** A finished status.sh run that did not show the snapshot running makes way for another. */
        private void collectStatus() {
            if (statusRun != null && statusRun.isDone()) {
                status = statusRun.join();
                statusRun = null;
            }
        }

        private static boolean running() {
            return Boolean.TRUE.equals(attribute("snapshot", "SnapshotRunning"));
        }

        /** How far orders' committed end moved between the first and the last look while the snapshot ran. */
        long ordersDuring() {
            return ordersAtLastLook - ordersAtFirstLook;
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    /**
     * Per key, in topic order: the workload's versions (qty) never go back, a key has one snapshot read at most, and
     * nothing follows its delete. Returns the records counted by operation.
     */
    private static Map<String, Long> assertPerKeyOrder(List<JsonNode> records) {
        Map<Integer, List<JsonNode>> byKey = new HashMap<>();
        for (JsonNode r : records) {
            byKey.computeIfAbsent(r.get("id").asInt(), k -> new ArrayList<>()).add(r);
        }
        for (Map.Entry<Integer, List<JsonNode>> key : byKey.entrySet()) {
            int version = -1;
            int reads = 0;
            boolean deleted = false;
            for (JsonNode r : key.getValue()) {
                String op = r.get("__op").asText();
                String where = "payment " + key.getKey() + ": " + ops(key.getValue());
                assertThat(deleted).as(where + ": a record after its delete").isFalse();
                if (op.equals("d")) {
                    deleted = true;
                    continue;
                }
                int qty = r.get("qty").asInt();
                if (op.equals("r")) {
                    reads++;
                    assertThat(qty).as(where + ": a snapshot read older than a change before it")
                            .isGreaterThanOrEqualTo(version);
                } else {
                    assertThat(qty).as(where + ": changes out of commit order").isGreaterThan(version);
                }
                version = qty;
            }
            assertThat(reads).as("snapshot reads of payment " + key.getKey()).isLessThanOrEqualTo(1);
        }
        return records.stream().collect(Collectors.groupingBy(r -> r.get("__op").asText(), TreeMap::new,
                Collectors.counting()));
    }

    /**
     * docs/snapshots.md: a row of an incremental snapshot has no position in the WAL ({@code __lsn} and
     * {@code __txId} are null) and {@code __commit_ts_ms} is when it was read; streamed changes have all three.
     */
    private static void assertSnapshotRowsHaveNoLsn(List<JsonNode> records) {
        for (JsonNode r : records) {
            boolean read = r.get("__op").asText().equals("r");
            String where = "payment " + r.get("id").asInt() + " " + r.get("__op").asText();
            assertThat(r.get("__lsn").isNull()).as(where + ": __lsn null").isEqualTo(read);
            assertThat(r.get("__txId").isNull()).as(where + ": __txId null").isEqualTo(read);
            assertThat(r.get("__commit_ts_ms").asLong()).as(where + ": __commit_ts_ms").isGreaterThan(1_700_000_000_000L);
        }
    }

    private static String ops(List<JsonNode> records) {
        return records.stream().map(r -> r.get("__op").asText() + r.path("qty").asText())
                .collect(Collectors.joining(","));
    }

    /** Every change the workload committed is in the topic once, and the topic has no change it did not commit. */
    private static void assertChangesOnce(List<JsonNode> records, TableWorkload work) {
        List<String> streamed = records.stream().filter(r -> !r.get("__op").asText().equals("r"))
                .map(r -> r.get("__op").asText() + " " + r.get("id").asInt()
                        + (r.get("__op").asText().equals("d") ? "" : " " + r.get("qty").asInt()))
                .toList();
        assertThat(streamed).as("payments' streamed changes").doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(work.committed());
    }

    /** What identifies a record: key, operation, LSN, version. */
    private static List<String> identities(List<JsonNode> rows) {
        return rows.stream().map(r -> r.get("id").asInt() + "/" + r.get("__op").asText() + "/"
                + r.get("__lsn").asText() + "/" + r.path("qty").asText()).sorted().toList();
    }

    /**
     * The newest row per key, as "qty|note", by the workload's version (qty only grows; a delete ends the key): the
     * order of the rows is not needed for this.
     */
    private static Map<Integer, String> newest(List<JsonNode> rows) {
        Map<Integer, JsonNode> newest = new HashMap<>();
        Set<Integer> deleted = new HashSet<>();
        for (JsonNode r : rows) {
            int id = r.get("id").asInt();
            if (r.get("__deleted").asBoolean()) {
                deleted.add(id);
            } else {
                newest.merge(id, r, (a, b) -> a.get("qty").asInt() >= b.get("qty").asInt() ? a : b);
            }
        }
        Map<Integer, String> state = new HashMap<>();
        newest.forEach((id, r) -> {
            if (!deleted.contains(id)) {
                state.put(id, r.get("qty").asInt() + "|" + r.get("note").asText());
            }
        });
        return state;
    }

    private static Map<Integer, String> postgres(String table) {
        Map<Integer, String> state = new HashMap<>();
        try (Connection c = pipeline.postgres.connect(Pipeline.DATABASE); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, qty, note FROM public." + table)) {
            while (rs.next()) {
                state.put(rs.getInt(1), rs.getInt(2) + "|" + rs.getString(3));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read public." + table + ": " + e.getMessage(), e);
        }
        return state;
    }

    /**
     * The signal table has the signal and the watermarks; no topic and no S3 object has any of it. Returns the number
     * of chunks (open watermarks).
     */
    private static long assertSignalsStayedOut(String signalTopic) throws Exception {
        Map<String, Long> rows = new TreeMap<>();
        try (Connection c = pipeline.postgres.connect(Pipeline.DATABASE); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT type, count(*) FROM public.cdc_signal GROUP BY type")) {
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getLong(2));
            }
        }
        assertThat(rows).as("rows of the signal table by type").containsEntry("execute-snapshot", 1L)
                .containsKeys("snapshot-window-open", "snapshot-window-close");
        try (Admin admin = pipeline.kafka.admin()) {
            assertThat(admin.listTopics().names().get()).as("topics").doesNotContain(signalTopic);
        }
        assertThat(pipeline.s3.keys(Pipeline.BUCKET, "cdc/")).as("S3 keys")
                .noneMatch(k -> k.contains("cdc_signal"));
        return rows.get("snapshot-window-open");
    }

    /** The topic's records, read as the sink reads them (read_committed), in order. */
    private static KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                pipeline.kafka.bootstrapServers(), ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
    }

    private static List<JsonNode> topicRows(String topic) {
        TopicPartition partition = new TopicPartition(topic, 0);
        List<JsonNode> rows = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (consumer.position(partition) < end) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end offset " + end);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() != null) {
                        rows.add(S3Rows.JSON.readTree(record.value()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON in " + topic, e);
        }
        return rows;
    }

    private static Set<String> capturedTables() {
        return METRICS.capturedTables();
    }

    private static long number(String context, String name) {
        return METRICS.number(context, name);
    }

    private static Map<String, Long> rowsScanned() {
        return METRICS.rowsScanned();
    }

    private static Object attribute(String context, String name) {
        return METRICS.attribute(context, name);
    }
}
