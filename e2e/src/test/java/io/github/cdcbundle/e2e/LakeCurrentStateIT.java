package io.github.cdcbundle.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdcbundle.testkit.Poll;
import io.github.cdcbundle.testkit.ProcessConnectWorker;
import java.io.IOException;
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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
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
 * Parquet objects the real pipeline wrote while an application inserted, updated and deleted rows and the only Connect
 * worker was killed with a sink batch open, equals PostgreSQL's table: every row, every column. Two tables:
 * ChangeWriter's {@code public.items} (hundreds of keys inserted, updated and deleted) and {@code public.typed}
 * (exact decimals, instants, local times, dates, JSON, arrays; snapshotted, then changed before and after the crash, a
 * deleted key inserted again).
 *
 * <p>The command runs as a user runs it (the script, the plugin folder's jars, the worker's Kafka jars) against the
 * broker; DuckDB reads the S3 server's file store directly (its httpfs extension is not available offline here).
 * Test-only overrides: Debezium polls every 50 ms, the sink uploads every 2 s of wall clock (shipped: 60 s).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LakeCurrentStateIT {
    private static final String TOPIC = "shop.public.items";
    private static final String TYPED = "shop.public.typed";
    /** public.typed: 3 rows snapshotted, then 2 inserts, 2 updates and a delete streamed, around the crash. */
    private static final long TYPED_CHANGES = 8;
    private static final String SOURCE = "debezium-postgres";
    private static final String SINK = "s3-sink";
    private static final Duration DEADLINE = Duration.ofSeconds(60);

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
    }

    @AfterAll
    void stop() {
        workers.forEach(ProcessStack::closeQuietly);
        ProcessStack.closeQuietly(stack);
    }

    @Test
    void theDuckDbCurrentStateViewOverTheParquetLakeEqualsPostgresAfterAWorkerCrash() throws Exception {
        ProcessConnectWorker first = startWorker();
        Path connectors = Path.of(System.getProperty("cdc.connectors"));
        first.rest().putConnector(SOURCE, ConnectorFiles.read(connectors.resolve("debezium-postgres.json"))
                .with(Map.of("poll.interval.ms", "50", "value.converter.schema.header", "true")).config());
        first.rest().putConnector(SINK, ConnectorFiles.read(connectors.resolve("s3-sink.json"))
                .with(Map.of("format", "parquet", "rotate.schedule.interval.ms", "2000")).config());
        first.rest().awaitRunning(SOURCE, DEADLINE);
        first.rest().awaitRunning(SINK, DEADLINE);
        TopicPartition tp = new TopicPartition(TOPIC, 0);
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
            ProcessConnectWorker next = startWorker();
            stack.pg.execute(Pipeline.DATABASE, "DELETE FROM public.typed WHERE id = 2",
                    "UPDATE public.typed SET amount = -0.01, local_at = '1970-01-01 00:00:00', due = '1970-01-01', "
                            + "name = 'Eve' WHERE id = 3",
                    "INSERT INTO public.typed VALUES (2, 0.10, '2000-01-01 00:00:00+00', '2000-01-01 00:00:00', "
                            + "'2000-01-01', '{\"again\": 1.50}', '{0}', 'Bob again', true, 2)");
            Poll.untilTrue("changes written after the crash", DEADLINE,
                    () -> writer.committedChanges() > committedAtKill + 100);
            writer.close();
            assertThat(writer.committedChanges()).as("inserts, updates and deletes committed").isGreaterThan(300);
            long committed = writer.committedChanges();
            Pattern recovery = Pattern.compile(Pattern.quote(TOPIC) + "-0: recovered at offset [1-9]\\d*");
            String[] last = {"nothing seen yet"};
            try {
                Poll.untilTrue("the new worker's sink to recover the partition the crash left open, then every "
                        + "committed change in the lake's Parquet objects", DEADLINE, () -> {
                            next.rest().assertNotFailed(SOURCE);
                            next.rest().assertNotFailed(SINK);
                            boolean recovered = recovery.matcher(next.log()).find();
                            long inLake = changesInLake(TOPIC);
                            long typed = changesInLake(TYPED);
                            last[0] = "recovered: " + recovered + ", changes in the lake: " + inLake + " of "
                                    + committed + " (items), " + typed + " of " + TYPED_CHANGES + " (typed)";
                            return recovered && inLake >= committed && typed >= TYPED_CHANGES;
                        });
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + " (" + last[0] + ")", e);
            }
        }

        String view = lakeTables("--dialect", "duckdb", "--duckdb-root",
                work.resolve("s3").resolve(Pipeline.BUCKET).resolve("cdc").toString());
        assertThat(view).contains("CREATE OR REPLACE VIEW \"public_items_current\"");
        List<List<Object>> lake;
        long changes;
        long distinct;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute(view);
            lake = rows(s, "SELECT * FROM \"public_items_current\" ORDER BY id");
            changes = (Long) rows(s, "SELECT count(*) FROM " + changes(view)).get(0).get(0);
            distinct = (Long) rows(s, "SELECT count(DISTINCT (id, __lsn, __op)) FROM " + changes(view))
                    .get(0).get(0);
        }
        List<List<Object>> postgres;
        try (Connection c = stack.pg.connect(Pipeline.DATABASE); Statement s = c.createStatement()) {
            postgres = rows(s, "SELECT * FROM public.items ORDER BY id");
        }
        Map<Long, Map<String, Object>> typedLake = typedRows(DriverManager.getConnection("jdbc:duckdb:"), view,
                "SELECT * FROM \"public_typed_current\"");
        Map<Long, Map<String, Object>> typedPostgres = typedRows(stack.pg.connect(Pipeline.DATABASE), "SET IntervalStyle = iso_8601",
                "SELECT * FROM public.typed");
        assertThat(typedLake).as("public.typed's current-state view against PostgreSQL, every column")
                .isEqualTo(typedPostgres).containsOnlyKeys(1L, 2L, 3L, 4L);
        assertThat(changes).as("changes in the lake, each once").isEqualTo(distinct);
        assertThat(lake).as("the current-state view over the lake against PostgreSQL's table").hasSize(postgres.size())
                .isEqualTo(postgres);
        System.out.printf("LAKE changes=%d rows=%d%n", changes, postgres.size());
    }

    /** Changes in the lake's Parquet objects (none are read while a multipart upload is incomplete). */
    private long changesInLake(String topic) {
        Path folder = work.resolve("s3").resolve(Pipeline.BUCKET).resolve("cdc").resolve(topic);
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            return (Long) rows(s, "SELECT count(*) FROM read_parquet('" + folder + "/*/*/*/*/*.parquet')").get(0)
                    .get(0);
        } catch (SQLException e) {
            return -1; // an object being replaced by recovery as DuckDB read it: look again
        }
    }

    /** The relation the generated view reads the changes from (its FROM clause). */
    private static String changes(String view) {
        int from = view.indexOf("FROM read_parquet(");
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
