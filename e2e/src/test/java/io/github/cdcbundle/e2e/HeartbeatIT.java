package io.github.cdcbundle.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdcbundle.testkit.Poll;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's concern, for real: "an idle tracked table on a busy instance holds WAL until the disk fills". PostgreSQL
 * 15's pgoutput sends nothing at all for a transaction that touches no published table, so while the tracked tables
 * are idle and an untracked table is busy, Debezium receives no message, its offset does not move and the slot's
 * confirmed_flush_lsn stays where it was: every byte of WAL the busy table writes is retained. The heartbeat of the
 * shipped connector file must make the slot move anyway. A heartbeat that upserts a table outside the publication
 * (the earlier public.cdc_heartbeat, which this test creates) fails this test: the slot never moves. The
 * shipped one, a logical decoding message that Debezium receives and drops, passes in about 3 s.
 *
 * <p>The connector is registered from connectors/debezium-postgres.json as shipped; only the heartbeat interval
 * (1 s instead of 10 s) and Debezium's poll interval are shortened, for speed.
 */
class HeartbeatIT {
    private static final String SLOT = Pipeline.SLOT;
    private static final String TRACKED = "public.orders";
    private static final int SNAPSHOT_ROWS = 3;
    /** The burst on the untracked table (170 to 240 bytes of WAL a row): what a pinned slot would retain at least. */
    private static final int BURST_ROWS = 60_000;
    private static final long BURST_BYTES = 8L << 20;
    /** The retained WAL must drop below this at some point; the burst alone is more than eight times as much. */
    private static final long RETAINED_BOUND = 1L << 20;
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    static Path work;
    private static Pipeline pipeline;

    @BeforeAll
    static void start() {
        pipeline = Pipeline.start(Pipeline.Layout.forTests(work), TRACKED, List.of(
                        "CREATE TABLE public.orders (id int PRIMARY KEY, status text NOT NULL)",
                        "INSERT INTO public.orders SELECT g, 'new' FROM generate_series(1, " + SNAPSHOT_ROWS + ") g",
                        // busy, and not in CDC_TABLES
                        "CREATE TABLE public.page_views (id bigserial PRIMARY KEY, url text NOT NULL, "
                                + "viewed_at timestamptz NOT NULL DEFAULT now())",
                        // The table the earlier, table-based heartbeat wrote: with it present, going back to that
                        // heartbeat fails this test for the right reason (the slot does not move), not for a
                        // missing table.
                        "CREATE TABLE public.cdc_heartbeat (id int PRIMARY KEY, ts timestamptz NOT NULL)"));
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    /** The slot as PostgreSQL sees it, relative to a WAL position {@code mark}. */
    record Slot(String confirmedFlush, long pastMark, long retained, long millis) {
    }

    @Test
    void anIdleTrackedTableDoesNotPinWalWhileAnUntrackedTableIsBusy() throws Exception {
        Path connectors = Path.of(System.getProperty("cdc.connectors"));
        pipeline.register(ConnectorFiles.read(connectors.resolve("debezium-postgres.json"))
                .with(Map.of("heartbeat.interval.ms", "1000", "poll.interval.ms", "50")));
        String tracked = pipeline.topic("orders");
        try (Admin admin = pipeline.kafka.admin()) {
            Poll.untilTrue("the snapshot of " + TRACKED + " in " + tracked, Duration.ofSeconds(60), () -> {
                pipeline.rest().assertNotFailed("debezium-postgres");
                return records(admin, tracked) == SNAPSHOT_ROWS;
            });
            String before = Poll.until("slot " + SLOT + " with a confirmed_flush_lsn", Duration.ofSeconds(30),
                    () -> query("SELECT confirmed_flush_lsn::text FROM pg_replication_slots WHERE slot_name = '"
                            + SLOT + "'"));

            // The busy untracked table: a burst, then a trickle on every check below.
            writeUntracked(BURST_ROWS);
            String mark = query("SELECT pg_current_wal_lsn()::text");
            long burst = Long.parseLong(query("SELECT pg_wal_lsn_diff('" + mark + "', '" + before + "')::bigint"));
            assertThat(burst).as("WAL written by the untracked burst").isGreaterThan(BURST_BYTES);

            long started = System.nanoTime();
            AtomicReference<Slot> last = new AtomicReference<>();
            Slot passed;
            try {
                passed = Poll.until("confirmed_flush_lsn of slot " + SLOT + " past " + mark, DEADLINE, () -> {
                    pipeline.rest().assertNotFailed("debezium-postgres");
                    writeUntracked(50);
                    Slot slot = slot(mark, started);
                    last.set(slot);
                    return slot.pastMark() >= 0 ? slot : null;
                });
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + ": the slot pins WAL (confirmed_flush_lsn stayed before "
                        + "the untracked writes; " + burst + " bytes burst, last seen " + last.get() + ")", e);
            }
            Slot small = Poll.until("retained WAL of slot " + SLOT + " below " + RETAINED_BOUND + " bytes", DEADLINE,
                    () -> {
                        pipeline.rest().assertNotFailed("debezium-postgres");
                        writeUntracked(50);
                        Slot slot = slot(mark, started);
                        last.set(slot);
                        return slot.retained() < RETAINED_BOUND ? slot : null;
                    });
            System.out.printf("HeartbeatIT: slot %s was at %s; untracked burst of %d bytes up to %s; "
                    + "confirmed_flush_lsn %s (%d bytes past it) after %d ms; retained %d bytes after %d ms%n",
                    SLOT, before, burst, mark, passed.confirmedFlush(), passed.pastMark(), passed.millis(),
                    small.retained(), small.millis());

            // The tracked table stayed idle, and the heartbeat added no topic under the prefix the S3 sink reads.
            assertThat(records(admin, tracked)).as("records of the idle " + tracked).isEqualTo(SNAPSHOT_ROWS);
            Set<String> lakeTopics = admin.listTopics().names().get().stream()
                    .filter(t -> t.startsWith(Pipeline.TOPIC_PREFIX + ".")).collect(Collectors.toSet());
            assertThat(lakeTopics).as("topics the S3 sink's topics.regex matches").containsExactly(tracked);
        }
    }

    /**
     * docs/rds-setup.md promises that the heartbeat needs no table and no grant beyond the CDC user's: the shipped
     * heartbeat.action.query runs as the docs' CDC user, and as a plain login role that was granted nothing (EXECUTE
     * on pg_logical_emit_message is PUBLIC's).
     */
    @Test
    void theShippedHeartbeatQueryNeedsNoGrant() throws Exception {
        String heartbeat = ConnectorFiles.read(Path.of(System.getProperty("cdc.connectors"))
                .resolve("debezium-postgres.json")).config().get("heartbeat.action.query");
        try (Connection c = pipeline.postgres.connectAsCdcUser(Pipeline.DATABASE); Statement s = c.createStatement()) {
            s.execute(heartbeat);
        }
        pipeline.postgres.execute(Pipeline.DATABASE, "CREATE ROLE heartbeat_probe LOGIN PASSWORD 'probe-only'");
        try (Connection c = DriverManager.getConnection(pipeline.postgres.jdbcUrl(Pipeline.DATABASE),
                "heartbeat_probe", "probe-only"); Statement s = c.createStatement()) {
            s.execute(heartbeat);
        }
    }

    private static void writeUntracked(int rows) {
        pipeline.postgres.execute(Pipeline.DATABASE, "INSERT INTO public.page_views (url) SELECT "
                + "'https://shop.example.com/p/' || g || '/' || repeat('x', 60) "
                + "FROM generate_series(1, " + rows + ") g");
    }

    private static Slot slot(String mark, long startedNanos) {
        try (Connection c = pipeline.postgres.connect(Pipeline.DATABASE); PreparedStatement s = c.prepareStatement(
                "SELECT confirmed_flush_lsn::text, pg_wal_lsn_diff(confirmed_flush_lsn, ?::pg_lsn)::bigint, "
                        + "pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::bigint "
                        + "FROM pg_replication_slots WHERE slot_name = ?")) {
            s.setString(1, mark);
            s.setString(2, SLOT);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).as("slot " + SLOT + " exists").isTrue();
                return new Slot(rs.getString(1), rs.getLong(2), rs.getLong(3),
                        (System.nanoTime() - startedNanos) / 1_000_000);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String query(String sql) {
        try (Connection c = pipeline.postgres.connect(Pipeline.DATABASE);
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /**
     * Committed data records of the topic's partition, read as the sink reads them (read_committed): with
     * exactly-once source support each transaction also leaves a marker that takes an offset, so the end offset is
     * not the record count.
     */
    private static long records(Admin admin, String topic) {
        try {
            if (!admin.listTopics().names().get().contains(topic)) {
                return 0;
            }
        } catch (Exception e) {
            throw new IllegalStateException("topics", e);
        }
        TopicPartition partition = new TopicPartition(topic, 0);
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long count = 0;
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (consumer.position(partition) < end) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end offset " + end);
                }
                count += consumer.poll(Duration.ofMillis(200)).count();
            }
            return count;
        }
    }
}
