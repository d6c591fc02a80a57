package io.github.cdcbundle.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cdcbundle.testkit.Poll;
import io.github.cdcbundle.testkit.ProcessConnectWorker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, item 4: the current-state view that scripts/lake-tables.sh prints, in DuckDB's dialect, run over the
 * objects the real pipeline wrote while an application inserted, updated and deleted rows, the only Connect worker was
 * killed with a sink batch open, and an incremental snapshot (docs/snapshots.md) read both tables again while the
 * application kept writing, equals PostgreSQL's table: every row, every column, in both layouts (one sink writes
 * Parquet, a second one JSON lines into another bucket, from the same topics). Two tables: ChangeWriter's
 * {@code public.items} (hundreds of keys inserted, updated and deleted) and {@code public.typed} (exact decimals,
 * instants, local times, dates, JSON, arrays; snapshotted, then changed before and after the crash, a deleted key
 * inserted again).
 *
 * <p>The incremental snapshot's rows (op r, null __lsn) follow earlier changes of their keys and precede later ones;
 * the view must rank a later streamed change over such a row and keep the row where it is the newest: the same view
 * with snapshot rows ranked first is checked to differ from PostgreSQL, so the workload does put changes after reads.
 *
 * <p>The command runs as a user runs it (the script, the plugin folder's jars, the worker's Kafka jars) against the
 * broker; DuckDB reads the S3 server's file store directly (its httpfs extension is not available offline here).
 * Test-only overrides: Debezium polls every 50 ms, the sinks upload every 2 s of wall clock (shipped: 60 s).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LakeCurrentStateIT {
    private static final String TOPIC = "shop.public.items";
    private static final String TYPED = "shop.public.typed";
    /** public.typed: 3 rows snapshotted, then 2 inserts, 2 updates and a delete streamed, around the crash. */
    private static final long TYPED_CHANGES = 8;
    private static final String SOURCE = "debezium-postgres";
    private static final String SINK = "s3-sink";
    /** The second sink: the same topics as JSON lines, into its own bucket (same IAM policy, own markers). */
    private static final String JSON_SINK = "s3-sink-json";
    private static final String JSON_BUCKET = "lake-json";
    private static final String SNAPSHOT_SIGNAL = "INSERT INTO public.cdc_signal (id, type, data) VALUES ("
            + "'lake-again', 'execute-snapshot', '{\"data-collections\": [\"public.items\", \"public.typed\"], "
            + "\"type\": \"incremental\"}')";
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    /** For the lake to hold what was committed: two sinks recovering on a busy 2-core machine. */
    private static final Duration LAKE_DEADLINE = Duration.ofSeconds(120);
    /** Reads JSON numbers as doubles, as DuckDB's JSON reader does. */
    private static final ObjectMapper DOUBLES = new ObjectMapper();

    @TempDir
    static Path work;
    private ProcessStack stack;
    private final List<ProcessConnectWorker> workers = new ArrayList<>();

    @BeforeAll
    void start() throws IOException {
        stack = ProcessStack.start(work, "lake", work.resolve("s3"), List.of("public.typed"), TypedTable.CREATE,
                "ALTER TABLE public.typed REPLICA IDENTITY FULL",
                "INSERT INTO public.typed VALUES "
                        + "(1, 10.50, '2024-01-31 12:34:56.789012+01', '2024-01-31 12:34:56.789012', '2024-01-31', "
                        + "'{\"b\": 1, \"a\": [1, 2.50, \"x\"]}', '{1,2,NULL}', 'Ann', true, 9007199254740993), "
                        + "(2, 0.00, '1999-12-31 23:59:59.5-08', '1999-12-31 23:59:59', '1999-12-31', '[]', '{}', "
                        + "'Bob', false, -1), "
                        + "(3, NULL, NULL, NULL, NULL, NULL, NULL, 'Chloé ✓', NULL, NULL)");
        stack.s3.createBucket(JSON_BUCKET);
    }

    @AfterAll
    void stop() {
        workers.forEach(ProcessStack::closeQuietly);
        ProcessStack.closeQuietly(stack);
    }

    @Test
    void theDuckDbCurrentStateViewsOverBothLayoutsEqualPostgresAfterAWorkerCrashAndAnIncrementalSnapshot()
            throws Exception {
        long started = System.nanoTime();
        ProcessConnectWorker first = startWorker();
        Path connectors = Path.of(System.getProperty("cdc.connectors"));
        first.rest().putConnector(SOURCE, ConnectorFiles.read(connectors.resolve("debezium-postgres.json"))
                .with(Map.of("poll.interval.ms", "50", "value.converter.schema.header", "true")).config());
        first.rest().putConnector(SINK, ConnectorFiles.read(connectors.resolve("s3-sink.json"))
                .with(Map.of("format", "parquet", "rotate.schedule.interval.ms", "2000")).config());
        first.rest().putConnector(JSON_SINK, ConnectorFiles.read(connectors.resolve("s3-sink.json"))
                .with(Map.of("format", "json", "s3.bucket.name", JSON_BUCKET, "rotate.schedule.interval.ms", "2000"))
                .config());
        first.rest().awaitRunning(SOURCE, DEADLINE);
        first.rest().awaitRunning(SINK, DEADLINE);
        first.rest().awaitRunning(JSON_SINK, DEADLINE);
        TopicPartition tp = new TopicPartition(TOPIC, 0);
        ProcessConnectWorker next;
        try (ChangeWriter writer = new ChangeWriter(stack.pg, Pipeline.DATABASE, 100);
                Admin admin = stack.kafka.admin()) {
            SinkProgress.awaitBatchOpen(admin, tp, SINK);
            stack.pg.execute(Pipeline.DATABASE, "INSERT INTO public.typed VALUES (4, 1234567890.12, "
                            + "'2024-06-30 23:59:59.999999+00', '2024-06-30 23:59:59.999999', '2024-06-30', "
                            + "'{\"nested\": {\"ü\": [true, false]}}', '{-2147483648,2147483647}', "
                            + "'Dan \"quoted\" \\ back', true, 0, '178000000 years')",
                    "UPDATE public.typed SET amount = 11.75, paid_at = '2024-02-01 00:00:00.000001+05:30', "
                            + "doc = NULL, tags = '{7}', active = NULL, span = '-1 years -2 mons +3 days -04:05:06.789' "
                            + "WHERE id = 1");
            first.kill();
            workers.remove(first);
            long committedAtKill = writer.committedChanges();
            next = startWorker();
            stack.pg.execute(Pipeline.DATABASE, "DELETE FROM public.typed WHERE id = 2",
                    "UPDATE public.typed SET amount = -0.01, local_at = '1970-01-01 00:00:00', due = '1970-01-01', "
                            + "name = 'Eve' WHERE id = 3",
                    "INSERT INTO public.typed VALUES (2, 0.10, '2000-01-01 00:00:00+00', '2000-01-01 00:00:00', "
                            + "'2000-01-01', '{\"again\": 1.50}', '{0}', 'Bob again', true, 2)");
            Poll.untilTrue("changes written after the crash", DEADLINE,
                    () -> writer.committedChanges() > committedAtKill + 100);
            writer.close();
            assertThat(writer.committedChanges()).as("inserts, updates and deletes committed").isGreaterThan(300);
            Pattern recovery = Pattern.compile(Pattern.quote(TOPIC) + "-0: recovered at offset [1-9]\\d*");
            awaitLake(next, "the new worker's sinks to recover the partition the crash left open, then every "
                    + "committed change in both layouts", writer.committedChanges(), 0, 0,
                    () -> recovery.matcher(next.log()).find());
        }

        // docs/snapshots.md, "Snapshot one table again", while the application goes on writing
        long snapshotRows;
        try (ChangeWriter writer = new ChangeWriter(stack.pg, Pipeline.DATABASE, 100)) {
            long before = writer.committedChanges();
            Poll.untilTrue("changes before the signal", DEADLINE, () -> writer.committedChanges() > before + 50);
            try (Connection c = stack.pg.connectAsCdcUser(Pipeline.DATABASE); Statement s = c.createStatement()) {
                s.execute(SNAPSHOT_SIGNAL);
            }
            for (String table : List.of("public.items", "public.typed")) {
                Poll.untilTrue("the incremental snapshot of " + table + " to finish (worker log)", DEADLINE, () -> {
                    next.rest().assertNotFailed(SOURCE);
                    return next.log().contains("incremental snapshotting of table '" + table + "' finished");
                });
            }
            long atEnd = writer.committedChanges();
            Poll.untilTrue("changes after the snapshot", DEADLINE, () -> writer.committedChanges() > atEnd + 100);
            writer.close();
            // typed is not changed meanwhile, so each of its 4 rows is read; items' rows changed while their chunk
            // was read are not (their change is streamed instead)
            snapshotRows = awaitLake(next, "every committed change and the snapshot's rows in both layouts",
                    writer.committedChanges(), 1, 4, () -> true);
        }
        System.out.printf("LAKE incremental snapshot rows of items: %d%n", snapshotRows);

        String root = work.resolve("s3").resolve(Pipeline.BUCKET).resolve("cdc").toString();
        String view = lakeTables("--dialect", "duckdb", "--duckdb-root", root);
        assertThat(view).contains("CREATE OR REPLACE VIEW \"public_items_current\"").contains("read_parquet(");
        String jsonView = lakeTables("--dialect", "duckdb", "--format", "json", "--duckdb-root",
                work.resolve("s3").resolve(JSON_BUCKET).resolve("cdc").toString());
        assertThat(jsonView).contains("CREATE OR REPLACE VIEW \"public_items_current\"").contains("read_json(");
        List<List<Object>> postgres;
        try (Connection c = stack.pg.connect(Pipeline.DATABASE); Statement s = c.createStatement()) {
            postgres = rows(s, "SELECT * FROM public.items ORDER BY id");
        }
        Map<Long, Map<String, Object>> typedPostgres = typedRows(stack.pg.connect(Pipeline.DATABASE),
                "SET IntervalStyle = iso_8601", "SELECT * FROM public.typed");
        for (boolean parquet : new boolean[] {true, false}) {
            String layoutView = parquet ? view : jsonView;
            String layout = parquet ? "Parquet" : "JSON";
            List<List<Object>> lake;
            long changes;
            long distinct;
            List<List<Object>> snapshotFirst;
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
                s.execute(layoutView);
                lake = rows(s, "SELECT * FROM \"public_items_current\" ORDER BY id");
                changes = (Long) rows(s, "SELECT count(*) FROM " + changes(layoutView)).get(0).get(0);
                distinct = (Long) rows(s, "SELECT count(DISTINCT (id, __lsn, __op)) FROM " + changes(layoutView))
                        .get(0).get(0);
                s.execute(snapshotReadsFirst(layoutView));
                snapshotFirst = rows(s, "SELECT * FROM \"public_items_current\" ORDER BY id");
            }
            // the JSON layout's timestamps are ISO-8601 text (docs/athena.md): converted as a user's query would
            String typedQuery = parquet ? "SELECT * FROM \"public_typed_current\""
                    : "SELECT * REPLACE (CAST(paid_at AS TIMESTAMPTZ) AS paid_at, CAST(local_at AS TIMESTAMP) AS "
                            + "local_at) FROM \"public_typed_current\"";
            Map<Long, Map<String, Object>> typedLake = typedRows(DriverManager.getConnection("jdbc:duckdb:"),
                    layoutView, typedQuery);
            Map<Long, Map<String, Object>> typedExpected = typedPostgres;
            if (!parquet) {
                // DuckDB parses JSON numbers as doubles: embedded JSON comes back as 2.5 for 2.50 (docs/athena.md)
                typedLake = numbersInDocByValue(typedLake);
                typedExpected = numbersInDocByValue(typedPostgres);
            }
            assertThat(typedLake).as(layout + ": public.typed's current-state view against PostgreSQL, every column")
                    .isEqualTo(typedExpected).containsOnlyKeys(1L, 2L, 3L, 4L);
            assertThat(changes).as(layout + ": changes in the lake, each once").isEqualTo(distinct);
            assertThat(lake).as(layout + ": the current-state view over the lake against PostgreSQL's table")
                    .hasSize(postgres.size()).isEqualTo(postgres);
            assertThat(snapshotFirst).as(layout + ": the same view ranking snapshot rows over streamed changes "
                    + "(changes followed the snapshot's reads, so it must show stale rows)").isNotEqualTo(postgres);
            System.out.printf("LAKE %s changes=%d rows=%d%n", layout, changes, postgres.size());
        }
        System.out.printf("LAKE test took %d ms%n", (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * Waits until both layouts hold at least {@code streamed} rows of items with an __lsn, {@code itemsReads} and
     * exactly {@code typedReads} rows with a null __lsn (an incremental snapshot's), every typed change, and
     * {@code also} holds; returns items' rows with a null __lsn in the Parquet layout.
     */
    private long awaitLake(ProcessConnectWorker worker, String what, long streamed, long itemsReads, long typedReads,
            BooleanSupplier also) {
        String[] last = {"nothing seen yet"};
        long[] reads = {0};
        try {
            Poll.untilTrue(what, LAKE_DEADLINE, () -> {
                for (String connector : List.of(SOURCE, SINK, JSON_SINK)) {
                    worker.rest().assertNotFailed(connector);
                }
                boolean done = also.getAsBoolean();
                StringBuilder seen = new StringBuilder("condition: " + done);
                for (boolean parquet : new boolean[] {true, false}) {
                    long[] items = lakeCounts(parquet, TOPIC);
                    long[] typed = lakeCounts(parquet, TYPED);
                    seen.append(String.format("; %s: items %d with __lsn (of %d committed) and %d without, typed %d "
                            + "and %d", parquet ? "Parquet" : "JSON", items[0], streamed, items[1], typed[0],
                            typed[1]));
                    done &= items[0] >= streamed && items[1] >= itemsReads && typed[1] == typedReads
                            && typed[0] + typed[1] >= TYPED_CHANGES + typedReads;
                    if (parquet) {
                        reads[0] = items[1];
                    }
                }
                last[0] = seen.toString();
                return done;
            });
        } catch (AssertionError e) {
            String log = worker.log();
            throw new AssertionError(e.getMessage() + " (" + last[0] + ")\nworker log, last lines:\n"
                    + log.substring(Math.max(0, log.length() - 6000)), e);
        }
        return reads[0];
    }

    /**
     * Rows of {@code topic} in a layout: {with an __lsn, without one}; {-1, -1} while an object is being replaced
     * by recovery as DuckDB reads it (look again). No object is read while its multipart upload is incomplete.
     */
    private long[] lakeCounts(boolean parquet, String topic) {
        Path folder = work.resolve("s3").resolve(parquet ? Pipeline.BUCKET : JSON_BUCKET).resolve("cdc")
                .resolve(topic);
        if (!Files.isDirectory(folder)) {
            return new long[] {0, 0};
        }
        String objects = parquet ? "read_parquet('" + folder + "/*/*/*/*/*.parquet')"
                : "read_json('" + folder + "/*/*/*/*/*.json', format = 'newline_delimited', "
                        + "columns = {'__lsn': 'BIGINT'})";
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            List<Object> row = rows(s, "SELECT count(__lsn), count(*) - count(__lsn) FROM " + objects).get(0);
            return new long[] {(Long) row.get(0), (Long) row.get(1)};
        } catch (SQLException e) {
            return new long[] {-1, -1};
        }
    }

    private static JsonNode readTree(String json) {
        try {
            return DOUBLES.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + json, e);
        }
    }

    /** The view with its first ranking rule turned around: snapshot reads over streamed changes. */
    private static String snapshotReadsFirst(String view) {
        String rule = "CASE WHEN \"__op\" = 'r' THEN 0 ELSE 1 END DESC";
        assertThat(view).contains(rule);
        return view.replace(rule, "CASE WHEN \"__op\" = 'r' THEN 1 ELSE 0 END DESC");
    }

    /** The rows with {@code doc}'s numbers compared by value (2.50 equal to 2.5), every other column as it is. */
    private static Map<Long, Map<String, Object>> numbersInDocByValue(Map<Long, Map<String, Object>> rows) {
        Map<Long, Map<String, Object>> out = new TreeMap<>();
        rows.forEach((id, row) -> {
            Map<String, Object> copy = new HashMap<>(row);
            copy.computeIfPresent("doc", (k, v) -> readTree(v.toString()));
            out.put(id, copy);
        });
        return out;
    }

    /** The relation the generated view reads the changes from (its FROM clause). */
    private static String changes(String view) {
        int from = view.indexOf("FROM read_");
        return view.substring(from + "FROM ".length(), view.indexOf('\n', from));
    }

    /** Runs scripts/lake-tables.sh as a user would, with the plugin folder's and the worker's jars. */
    private String lakeTables(String... options) throws Exception {
        Path root = Path.of(System.getProperty("cdc.connectors")).getParent();
        List<String> command = new ArrayList<>(List.of("/bin/bash", root.resolve("scripts/lake-tables.sh").toString(),
                "--local", "--bootstrap-servers", stack.kafka.bootstrapServers(), "--bucket", Pipeline.BUCKET,
                "--topics-regex", "shop\\..*"));
        command.addAll(List.of(options));
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(work.resolve("lake-tables.err").toFile());
        pb.environment().put("CDC_LAKE_CLASSPATH",
                ProcessStack.plugins().resolve("cdc-s3-sink").resolve("lib") + "/*:" + ProcessStack.workerClasspath());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("lake-tables.sh ends").isTrue();
        assertThat(p.exitValue()).as("lake-tables.sh exit code; stderr: "
                + Files.readString(work.resolve("lake-tables.err"))).isZero();
        return out;
    }

    /** Rows by id, each read as TypedTable reads it (so the drivers' values compare with equals). */
    private static Map<Long, Map<String, Object>> typedRows(Connection connection, String setup, String sql)
            throws SQLException {
        Map<Long, Map<String, Object>> rows = new TreeMap<>();
        try (Connection c = connection; Statement s = c.createStatement()) {
            if (setup != null) {
                s.execute(setup);
            }
            try (ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    rows.put(rs.getLong("id"), TypedTable.read(rs));
                }
            }
        }
        return rows;
    }

    private static List<List<Object>> rows(Statement s, String sql) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private ProcessConnectWorker startWorker() {
        ProcessConnectWorker worker = stack.startWorker();
        workers.add(worker);
        return worker;
    }
}
