package io.github.cdcbundle.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cdcbundle.e2e.S3Rows.Row;
import io.github.cdcbundle.testkit.Poll;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL -> Debezium (our transforms and converter) -> Kafka -> our S3 sink -> S3, every part real, the
 * connectors registered from connectors/*.json with their ${secrets:...} placeholders resolved by our config provider.
 * Assertions are on the S3 objects themselves, compared with what PostgreSQL holds.
 *
 * <p>Test-only overrides of the connector files, for speed: Debezium polls every 50 ms; the sink uploads every
 * second (rotate.schedule.interval.ms) instead of every minute.
 */
class PipelineIT {
    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final String KEY_PATTERN =
            "cdc/%s/year=\\d{4}/month=\\d{2}/day=\\d{2}/hour=\\d{2}/%s\\+0\\+\\d+\\.json";

    @TempDir
    static Path work;
    private static Pipeline pipeline;

    @BeforeAll
    static void start() {
        pipeline = Pipeline.start(Pipeline.Layout.forTests(work),
                "public.customers,public.orders", List.of(
                        "CREATE TABLE public.customers (id serial PRIMARY KEY, name text NOT NULL, email text, "
                                + "balance numeric(12,2), created_at timestamptz NOT NULL DEFAULT now())",
                        "CREATE TABLE public.orders (id bigserial PRIMARY KEY, customer_id int NOT NULL, "
                                + "status text NOT NULL, amount numeric(10,2) NOT NULL, note text)",
                        "ALTER TABLE public.customers REPLICA IDENTITY FULL",
                        "ALTER TABLE public.orders REPLICA IDENTITY FULL",
                        "INSERT INTO public.customers (name, email, balance) VALUES ('Ann', 'ann@example.com', 10.50), "
                                + "('Bob', NULL, 0.00), ('Chloé ✓', 'chloe@example.com', 12345678.91)",
                        "INSERT INTO public.orders (customer_id, status, amount, note) VALUES (1, 'new', 19.99, NULL), "
                                + "(2, 'paid', 5.00, 'gift'), (3, 'new', 100.10, 'urgent')"));
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void snapshotThenChangesAndAnAddedColumnReachS3ExactlyOnce() throws Exception {
        Path connectors = Path.of(System.getProperty("cdc.connectors"));
        for (String file : List.of("debezium-postgres.json", "s3-sink.json")) {
            ConnectorFiles.Connector shipped = ConnectorFiles.read(connectors.resolve(file));
            assertThat(pipeline.rest().validate(shipped.config().get("connector.class"), shipped.config()))
                    .as("PUT /connector-plugins/<class>/config/validate of " + file + " as shipped").isEmpty();
        }
        pipeline.register(ConnectorFiles.read(connectors.resolve("debezium-postgres.json"))
                .with(Map.of("poll.interval.ms", "50")));
        pipeline.register(ConnectorFiles.read(connectors.resolve("s3-sink.json"))
                .with(Map.of("rotate.schedule.interval.ms", "1000")));

        String customers = pipeline.topic("customers");
        String orders = pipeline.topic("orders");
        awaitRows(customers, 3);
        awaitRows(orders, 3);
        assertThat(replicationUsers()).as("who Debezium's replication connection logs in as")
                .containsExactly(pipeline.postgres.cdcUser());

        pipeline.postgres.execute(Pipeline.DATABASE,
                "INSERT INTO public.customers (name, email, balance) VALUES ('Dan', 'dan@example.com', 1.01)",
                "UPDATE public.customers SET email = 'ann@new.example.com', balance = 11.75 WHERE id = 1",
                "DELETE FROM public.customers WHERE id = 2",
                "INSERT INTO public.orders (customer_id, status, amount) VALUES (4, 'new', 7.77)",
                "UPDATE public.orders SET status = 'shipped' WHERE id = 1",
                "DELETE FROM public.orders WHERE id = 3",
                "ALTER TABLE public.orders ADD COLUMN priority int",
                "INSERT INTO public.orders (customer_id, status, amount, priority) VALUES (1, 'new', 3.30, 2)",
                "UPDATE public.orders SET priority = 1 WHERE id = 4");

        List<Row> customerRows = awaitRows(customers, 6);
        List<Row> orderRows = awaitRows(orders, 8);

        for (String topic : List.of(customers, orders)) {
            assertThat(S3Rows.keys(pipeline.s3, topic)).isNotEmpty()
                    .allMatch(k -> k.matches(String.format(KEY_PATTERN, topic.replace(".", "\\."),
                            topic.replace(".", "\\."))), "key in <topic>/year=/month=/day=/hour=/ folders");
        }
        assertExactlyOnce(customerRows, Map.of("r", 3L, "c", 1L, "u", 1L, "d", 1L));
        assertExactlyOnce(orderRows, Map.of("r", 3L, "c", 2L, "u", 2L, "d", 1L));

        assertDeleted(customerRows, 2);
        assertDeleted(orderRows, 3);
        assertLatestRowsEqualPostgres("customers", customerRows);
        assertLatestRowsEqualPostgres("orders", orderRows);
        assertRdsMetadata(customerRows, "customers");
        assertRdsMetadata(orderRows, "orders");

        JsonNode afterAlter = latest(orderRows).get(5L);
        assertThat(afterAlter.get("priority").asInt()).isEqualTo(2);
        JsonNode beforeAlter = orderRows.stream().map(Row::value).filter(v -> v.get("__op").asText().equals("r"))
                .findFirst().orElseThrow();
        assertThat(beforeAlter.has("priority")).isFalse();
    }

    /**
     * The users of the walsenders: the connector's .env holds the docs' CDC user with a password that needs quoting
     * in SQL and in .env, so this is also the proof that the config provider handed Debezium the exact password.
     */
    private static List<String> replicationUsers() throws Exception {
        List<String> users = new java.util.ArrayList<>();
        try (Connection c = pipeline.postgres.connect(Pipeline.DATABASE); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT usename FROM pg_stat_replication")) {
            while (rs.next()) {
                users.add(rs.getString(1));
            }
        }
        return users;
    }

    /** Polls S3 until the topic has exactly {@code expected} rows; fails if more ever appear. */
    private static List<Row> awaitRows(String topic, int expected) {
        return Poll.until(expected + " rows of " + topic + " in S3", DEADLINE, () -> {
            pipeline.rest().assertNotFailed("debezium-postgres");
            pipeline.rest().assertNotFailed("s3-sink");
            List<Row> rows = S3Rows.rows(pipeline.s3, topic);
            assertThat(rows.size()).as("rows of " + topic).isLessThanOrEqualTo(expected);
            return rows.size() == expected ? rows : null;
        });
    }

    private static void assertExactlyOnce(List<Row> rows, Map<String, Long> opCounts) {
        Set<String> changes = new HashSet<>();
        for (Row row : rows) {
            JsonNode v = row.value();
            String change = v.get("id").asText() + "/" + v.get("__op").asText() + "/" + v.get("__lsn").asText()
                    + "/" + v.path("__txId").asText();
            assertThat(changes.add(change)).as("change " + change + " written once").isTrue();
        }
        Map<String, Long> byOp = rows.stream().collect(Collectors.groupingBy(r -> r.value().get("__op").asText(),
                Collectors.counting()));
        assertThat(byOp).isEqualTo(opCounts);
    }

    private static void assertDeleted(List<Row> rows, long id) {
        List<JsonNode> deletes = rows.stream().map(Row::value).filter(v -> v.get("__op").asText().equals("d"))
                .toList();
        assertThat(deletes).hasSize(1);
        assertThat(deletes.get(0).get("id").asLong()).isEqualTo(id);
        assertThat(deletes.get(0).get("__deleted").asBoolean()).isTrue();
        assertThat(rows.stream().map(Row::value).filter(v -> !v.get("__op").asText().equals("d")))
                .allMatch(v -> !v.get("__deleted").asBoolean());
    }

    /** The last row per id (by LSN, snapshot rows first), without the deleted ones. */
    private static Map<Long, JsonNode> latest(List<Row> rows) {
        Map<Long, JsonNode> state = new HashMap<>();
        rows.stream().map(Row::value)
                .sorted((a, b) -> Long.compare(order(a), order(b)))
                .forEach(v -> {
                    if (v.get("__deleted").asBoolean()) {
                        state.remove(v.get("id").asLong());
                    } else {
                        state.put(v.get("id").asLong(), v);
                    }
                });
        return state;
    }

    private static long order(JsonNode v) {
        return v.get("__op").asText().equals("r") ? -1 : v.get("__lsn").asLong();
    }

    private static void assertLatestRowsEqualPostgres(String table, List<Row> rows) throws Exception {
        Map<Long, JsonNode> s3 = latest(rows);
        Map<Long, Map<String, Object>> pg = new HashMap<>();
        try (Connection c = pipeline.postgres.connect(Pipeline.DATABASE); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM public." + table)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new HashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnName(i), rs.getObject(i));
                }
                pg.put(((Number) row.get("id")).longValue(), row);
            }
        }
        assertThat(s3.keySet()).as(table + " ids").isEqualTo(pg.keySet());
        for (Map.Entry<Long, Map<String, Object>> entry : pg.entrySet()) {
            JsonNode actual = s3.get(entry.getKey());
            for (Map.Entry<String, Object> column : entry.getValue().entrySet()) {
                String where = table + "[" + entry.getKey() + "]." + column.getKey();
                Object expected = column.getValue();
                JsonNode value = actual.get(column.getKey());
                if (expected == null) {
                    assertThat(value == null || value.isNull()).as(where + " is null").isTrue();
                } else if (expected instanceof BigDecimal decimal) {
                    assertThat(value.isNumber()).as(where + " is a JSON number").isTrue();
                    assertThat(value.decimalValue()).as(where).isEqualByComparingTo(decimal);
                } else if (expected instanceof java.sql.Timestamp ts) {
                    assertThat(OffsetDateTime.parse(value.asText()).toInstant()).as(where).isEqualTo(ts.toInstant());
                } else if (expected instanceof Number number) {
                    assertThat(value.asLong()).as(where).isEqualTo(number.longValue());
                } else {
                    assertThat(value.asText()).as(where).isEqualTo(expected.toString());
                }
            }
        }
    }

    private static void assertRdsMetadata(List<Row> rows, String table) {
        for (Row row : rows) {
            JsonNode v = row.value();
            assertThat(v.get("__instance").asText()).isEqualTo(Pipeline.INSTANCE);
            assertThat(v.get("__region").asText()).isEqualTo(Pipeline.REGION);
            assertThat(v.get("__db").asText()).isEqualTo(Pipeline.DATABASE);
            assertThat(v.get("__schema").asText()).isEqualTo("public");
            assertThat(v.get("__table").asText()).isEqualTo(table);
            assertThat(v.get("__lsn").asLong()).isPositive();
            assertThat(v.get("__commit_ts_ms").asLong()).isGreaterThan(1_700_000_000_000L);
            if (!v.get("__op").asText().equals("r")) {
                assertThat(v.get("__txId").asLong()).isPositive();
            }
        }
    }
}
