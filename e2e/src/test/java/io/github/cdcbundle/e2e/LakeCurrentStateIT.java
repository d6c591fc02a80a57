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
 * worker was killed with a sink batch open, equals PostgreSQL's table: every row, every column.
 *
 * <p>The command runs as a user runs it (the script, the plugin folder's jars, the worker's Kafka jars) against the
 * broker; DuckDB reads the S3 server's file store directly (its httpfs extension is not available offline here).
 * Test-only overrides: Debezium polls every 50 ms, the sink uploads every 2 s of wall clock (shipped: 60 s).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LakeCurrentStateIT {
    private static final String TOPIC = "shop.public.items";
    private static final String SOURCE = "debezium-postgres";
    private static final String SINK = "s3-sink";
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    static Path work;
    private ProcessStack stack;
    private final List<ProcessConnectWorker> workers = new ArrayList<>();

    @BeforeAll
    void start() throws IOException {
        stack = ProcessStack.start(work, "lake", work.resolve("s3"));
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
            first.kill();
            workers.remove(first);
            long committedAtKill = writer.committedChanges();
            ProcessConnectWorker next = startWorker();
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
                            long inLake = changesInLake();
                            last[0] = "recovered: " + recovered + ", changes in the lake: " + inLake + " of "
                                    + committed;
                            return recovered && inLake >= committed;
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
        assertThat(changes).as("changes in the lake, each once").isEqualTo(distinct);
        assertThat(lake).as("the current-state view over the lake against PostgreSQL's table").hasSize(postgres.size())
                .isEqualTo(postgres);
        System.out.printf("LAKE changes=%d rows=%d%n", changes, postgres.size());
    }

    /** Changes in the lake's Parquet objects (none are read while a multipart upload is incomplete). */
    private long changesInLake() {
        Path folder = work.resolve("s3").resolve(Pipeline.BUCKET).resolve("cdc").resolve(TOPIC);
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
