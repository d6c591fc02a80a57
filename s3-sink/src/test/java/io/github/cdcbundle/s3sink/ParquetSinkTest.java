package io.github.cdcbundle.s3sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cdcbundle.testkit.S3Server;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 16, steps 2 and 3: format=parquet, read back by a real SQL engine (DuckDB), replayed byte for byte, a new
 * object per schema. These tests run without any Hadoop jar on the class path (surefire excludes hadoop-client-api).
 */
@ExtendWith(SharedS3Proxy.class)
class ParquetSinkTest {
    static final TopicPartition P0 = new TopicPartition("orders", 0);
    static final long T0 = Instant.parse("2024-05-01T10:00:00Z").toEpochMilli();

    static final Schema VSD = SchemaBuilder.struct().name("io.debezium.data.VariableScaleDecimal").optional()
        .field("scale", Schema.INT32_SCHEMA).field("value", Schema.BYTES_SCHEMA).build();

    /** What the sink's AnalystJsonConverter rebuilds from the schema header for a flattened Debezium row. */
    static final Schema ROW = SchemaBuilder.struct().name("shop.public.orders.Value")
        .field("id", Schema.INT64_SCHEMA)
        .field("amount", Decimal.builder(2).parameter("connect.decimal.precision", "12").optional().build())
        .field("big", Decimal.builder(4).parameter("connect.decimal.precision", "30").optional().build())
        .field("ratio", VSD)
        .field("created_at", SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").optional().build())
        .field("created_ms", SchemaBuilder.int64().name("io.debezium.time.Timestamp").optional().build())
        .field("updated_at", SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp").optional().build())
        .field("ship_date", SchemaBuilder.int32().name("io.debezium.time.Date").optional().build())
        .field("at_time", SchemaBuilder.int64().name("io.debezium.time.MicroTime").optional().build())
        .field("attributes", SchemaBuilder.string().name("io.debezium.data.Json").optional().build())
        .field("tags", SchemaBuilder.array(Schema.OPTIONAL_INT32_SCHEMA).optional().build())
        .field("labels", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA).optional().build())
        .field("thumbnail", Schema.OPTIONAL_BYTES_SCHEMA)
        .field("score", Schema.OPTIONAL_FLOAT64_SCHEMA)
        .field("small", Schema.OPTIONAL_INT16_SCHEMA)
        .field("note", Schema.OPTIONAL_STRING_SCHEMA)
        .field("__deleted", Schema.BOOLEAN_SCHEMA)
        .field("__lsn", Schema.OPTIONAL_INT64_SCHEMA)
        .field("__commit_ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
        .build();

    static Struct row(long i) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("k", "v" + i);
        return new Struct(ROW).put("id", i).put("amount", new BigDecimal("12.30").add(BigDecimal.valueOf(i)))
            .put("big", new BigDecimal("12345678901234567890123456.7890").negate())
            .put("ratio", new Struct(VSD).put("scale", 3).put("value", new BigDecimal("-1.250").unscaledValue()
                .toByteArray()))
            .put("created_at", 1706704496789012L).put("created_ms", 1706704496789L)
            .put("updated_at", "2024-01-31T11:34:56.789012Z")
            .put("ship_date", 19756).put("at_time", 45296789012L)
            .put("attributes", "{\"gift\":true,\"n\":1.50}")
            .put("tags", Arrays.asList(1, null, 3)).put("labels", labels)
            .put("thumbnail", new byte[] {1, 2, -1}).put("score", 0.5).put("small", (short) -3)
            .put("note", i == 1 ? null : "ü " + i).put("__deleted", i == 2).put("__lsn", 1000L + i)
            .put("__commit_ts_ms", 1706704496000L + i);
    }

    static SinkRecord rec(long offset, Schema schema, Object value) {
        return TaskDriver.record(P0.topic(), P0.partition(), offset, schema, value, T0);
    }

    S3Bucket bucket;
    Map<String, String> props;
    @TempDir
    Path tmp;

    @BeforeEach
    void setUp(S3Server server) {
        bucket = new S3Bucket(server);
        props = bucket.config();
        props.put(S3SinkConfig.FORMAT, "parquet");
        props.put(S3SinkConfig.TOPICS_DIR, "lake");
        props.put(S3SinkConfig.FLUSH_SIZE, "3");
    }

    Map<String, byte[]> write(List<SinkRecord> records) {
        TaskDriver driver = new TaskDriver(props, new MutableClock(T0), TaskDriver.aws());
        driver.startTask(List.of(P0));
        driver.deliver(records);
        driver.commit();
        driver.task.stop();
        Map<String, byte[]> objects = new TreeMap<>();
        for (String key : bucket.keys("lake/")) {
            objects.put(key, bucket.bytes(key));
        }
        return objects;
    }

    Path file(byte[] bytes) throws IOException {
        Path f = Files.createTempFile(tmp, "o", ".parquet");
        Files.write(f, bytes);
        return f;
    }

    static List<String> query(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("SET TimeZone='UTC'");
            try (ResultSet rs = s.executeQuery(sql)) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    StringBuilder sb = new StringBuilder();
                    for (int i = 1; i <= n; i++) {
                        sb.append(i > 1 ? " | " : "").append(rs.getString(i));
                    }
                    rows.add(sb.toString());
                }
            }
        }
        return rows;
    }

    @Test
    void noHadoopClassIsOnTheTestClassPath() {
        assertThatThrownBy(() -> Class.forName("org.apache.hadoop.conf.Configuration"))
            .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void duckDbReadsEveryColumnWithTheTypeAnAnalystExpectsAndTheValuesWritten() throws Exception {
        Map<String, byte[]> objects = write(List.of(rec(0, ROW, row(0)), rec(1, ROW, row(1)), rec(2, ROW, row(2))));
        assertThat(objects.keySet()).containsExactly("lake/orders/partition=0/orders+0+0000000000.parquet");
        Path f = file(objects.values().iterator().next());

        assertThat(query("SELECT column_name || ' ' || column_type FROM (DESCRIBE SELECT * FROM read_parquet('"
            + f + "'))")).containsExactly(
            "id BIGINT", "amount DECIMAL(12,2)", "big DECIMAL(30,4)", "ratio VARCHAR", "created_at TIMESTAMP",
            "created_ms TIMESTAMP", "updated_at TIMESTAMP WITH TIME ZONE", "ship_date DATE", "at_time TIME",
            "attributes JSON", "tags INTEGER[]", "labels MAP(VARCHAR, VARCHAR)", "thumbnail BLOB", "score DOUBLE",
            "small SMALLINT", "note VARCHAR", "__deleted BOOLEAN", "__lsn BIGINT",
            "__commit_ts_ms TIMESTAMP WITH TIME ZONE");

        // TIMESTAMP WITH TIME ZONE comes through JDBC as an OffsetDateTime (ISO text, UTC).
        assertThat(query("SELECT * FROM read_parquet('" + f + "') ORDER BY id")).containsExactly(
            "0 | 12.30 | -12345678901234567890123456.7890 | -1.250 | 2024-01-31 12:34:56.789012 | "
                + "2024-01-31 12:34:56.789 | 2024-01-31T11:34:56.789012Z | 2024-02-03 | 12:34:56.789012 | "
                + "{\"gift\":true,\"n\":1.50} | [1, NULL, 3] | {k=v0} | \\x01\\x02\\xFF | 0.5 | -3 | ü 0 | false | "
                + "1000 | 2024-01-31T12:34:56Z",
            "1 | 13.30 | -12345678901234567890123456.7890 | -1.250 | 2024-01-31 12:34:56.789012 | "
                + "2024-01-31 12:34:56.789 | 2024-01-31T11:34:56.789012Z | 2024-02-03 | 12:34:56.789012 | "
                + "{\"gift\":true,\"n\":1.50} | [1, NULL, 3] | {k=v1} | \\x01\\x02\\xFF | 0.5 | -3 | null | false | "
                + "1001 | 2024-01-31T12:34:56.001Z",
            "2 | 14.30 | -12345678901234567890123456.7890 | -1.250 | 2024-01-31 12:34:56.789012 | "
                + "2024-01-31 12:34:56.789 | 2024-01-31T11:34:56.789012Z | 2024-02-03 | 12:34:56.789012 | "
                + "{\"gift\":true,\"n\":1.50} | [1, NULL, 3] | {k=v2} | \\x01\\x02\\xFF | 0.5 | -3 | ü 2 | true | "
                + "1002 | 2024-01-31T12:34:56.002Z");
        // The codec is what parquet.codec says (snappy by default).
        assertThat(query("SELECT DISTINCT compression FROM parquet_metadata('" + f + "')")).containsExactly("SNAPPY");
    }

    /** An optional array of the optional element, as Debezium (and the PostgresArrays converter) writes arrays. */
    private static Schema arrayOf(SchemaBuilder element) {
        return SchemaBuilder.array(element.optional().build()).optional().build();
    }

    /** Every element schema Debezium gives a one-dimensional PostgreSQL array (debezium-converters/README.md). */
    @Test
    void oneDimensionalArraysOfDebeziumsElementTypesAreListsOfTheirTypes() throws Exception {
        Schema schema = SchemaBuilder.struct().name("shop.public.arrays.Value")
            .field("id", Schema.INT64_SCHEMA)
            .field("amounts", arrayOf(Decimal.builder(2).parameter("connect.decimal.precision", "10")))
            .field("ratios", SchemaBuilder.array(VSD).optional().build())
            .field("days", arrayOf(SchemaBuilder.int32().name("io.debezium.time.Date").version(1)))
            .field("times", arrayOf(SchemaBuilder.int64().name("io.debezium.time.MicroTime").version(1)))
            .field("at_ms", arrayOf(SchemaBuilder.int64().name("io.debezium.time.Timestamp").version(1)))
            .field("at_us", arrayOf(SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").version(1)))
            .field("at_tz", arrayOf(SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp").version(1)))
            .field("ids", arrayOf(SchemaBuilder.string().name("io.debezium.data.Uuid").version(1)))
            .field("docs", arrayOf(SchemaBuilder.string().name("io.debezium.data.Json").version(1)))
            .field("blobs", arrayOf(SchemaBuilder.bytes()))
            .build();
        Struct value = new Struct(schema).put("id", 1L)
            .put("amounts", Arrays.asList(new BigDecimal("12.30"), null))
            .put("ratios", Arrays.asList(new Struct(VSD).put("scale", 1).put("value", new byte[] {123}), null))
            .put("days", Arrays.asList(19753, null))
            .put("times", Arrays.asList(45_296_789_012L, null))
            .put("at_ms", Arrays.asList(1706704496789L, null))
            .put("at_us", Arrays.asList(1706704496789012L, null))
            .put("at_tz", Arrays.asList("2024-01-31T11:34:56.789012Z", null))
            .put("ids", Arrays.asList("8f5b2c5e-7c1f-4a53-9d3c-2a1b7f0e9c11", null))
            .put("docs", Arrays.asList("{\"a\":[1,2.50]}", null))
            .put("blobs", Arrays.asList(java.nio.ByteBuffer.wrap(new byte[] {1, 2, -1}), null));
        props.put(S3SinkConfig.FLUSH_SIZE, "1");
        Path f = file(write(List.of(rec(0, schema, value))).values().iterator().next());

        assertThat(query("SELECT column_name || ' ' || column_type FROM (DESCRIBE SELECT * FROM read_parquet('"
            + f + "'))")).containsExactly("id BIGINT", "amounts DECIMAL(10,2)[]", "ratios VARCHAR[]", "days DATE[]",
            "times TIME[]", "at_ms TIMESTAMP[]", "at_us TIMESTAMP[]", "at_tz TIMESTAMP WITH TIME ZONE[]", "ids VARCHAR[]",
            "docs JSON[]", "blobs BLOB[]");
        assertThat(query("SELECT amounts::VARCHAR, ratios::VARCHAR, days::VARCHAR, times::VARCHAR, at_ms::VARCHAR, at_us::VARCHAR, "
            + "epoch_us(at_tz[1]), ids::VARCHAR, docs::VARCHAR, blobs::VARCHAR FROM read_parquet('" + f + "')"))
            .containsExactly("[12.30, NULL] | [12.3, NULL] | [2024-01-31, NULL] | ['12:34:56.789012', NULL] | ['2024-01-31 12:34:56.789', NULL] | "
                + "['2024-01-31 12:34:56.789012', NULL] | 1706700896789012 | [8f5b2c5e-7c1f-4a53-9d3c-2a1b7f0e9c11, "
                + "NULL] | [{\"a\":[1,2.50]}, NULL] | [\\x01\\x02\\xFF, NULL]");
    }

    static final Schema POINT = SchemaBuilder.struct().name("point").optional()
        .field("p", Schema.OPTIONAL_INT64_SCHEMA)
        .field("q", SchemaBuilder.array(Schema.OPTIONAL_BOOLEAN_SCHEMA).optional().build()).build();
    static final Schema INNER = SchemaBuilder.struct().name("inner").optional()
        .field("d", Schema.OPTIONAL_INT64_SCHEMA).build();
    static final Schema OUTER = SchemaBuilder.struct().name("outer").optional()
        .field("a", Schema.OPTIONAL_INT32_SCHEMA)
        .field("b", SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).optional().build())
        .field("c", INNER).build();
    static final Schema MAP_VALUE = SchemaBuilder.struct().name("mv").optional()
        .field("v", Schema.OPTIONAL_INT32_SCHEMA).build();
    static final Schema NESTED = SchemaBuilder.struct().name("shop.public.nested.Value")
        .field("id", Schema.INT64_SCHEMA)
        .field("ints", SchemaBuilder.array(Schema.OPTIONAL_INT32_SCHEMA).optional().build())
        .field("required_ints", SchemaBuilder.array(Schema.INT32_SCHEMA).build())
        .field("info", OUTER)
        .field("grid", SchemaBuilder.array(SchemaBuilder.array(Schema.OPTIONAL_INT16_SCHEMA).optional().build())
            .optional().build())
        .field("points", SchemaBuilder.array(POINT).optional().build())
        .field("m", SchemaBuilder.map(Schema.STRING_SCHEMA, MAP_VALUE).optional().build())
        .build();

    /**
     * Row {@code i} of six shapes, each with nulls and empty lists in other places. The JSON DuckDB gives back for
     * each shape is {@link #NESTED_JSON}: every level (null list, empty list, null element, null struct, struct of
     * nulls, lists in structs in lists) must come back as it was written.
     */
    static Struct nestedRow(long i) {
        Struct row = new Struct(NESTED).put("id", i);
        Map<String, Struct> m = new LinkedHashMap<>();
        switch ((int) (i % 6)) {
            case 0:
                return row.put("required_ints", List.of());
            case 1:
                m.put("k", null);
                m.put("j", new Struct(MAP_VALUE).put("v", 1));
                return row.put("ints", List.of()).put("required_ints", List.of(7))
                    .put("info", new Struct(OUTER)).put("grid", List.of())
                    .put("points", Arrays.asList((Struct) null)).put("m", m);
            case 2:
                m.put("e", new Struct(MAP_VALUE));
                return row.put("ints", Arrays.asList((Integer) null)).put("required_ints", List.of(1, 2))
                    .put("info", new Struct(OUTER).put("a", 1).put("b", List.of()).put("c", new Struct(INNER)))
                    .put("grid", Arrays.asList(null, List.of(), Arrays.asList((Short) null)))
                    .put("points", Arrays.asList(null, new Struct(POINT).put("q", Arrays.asList(true, null)),
                        new Struct(POINT).put("p", 3L).put("q", List.of())))
                    .put("m", m);
            case 3:
                return row.put("ints", Arrays.asList(1, null, 3)).put("required_ints", List.of())
                    .put("info", new Struct(OUTER).put("a", 2).put("b", Arrays.asList("x", null))
                        .put("c", new Struct(INNER).put("d", 5L)))
                    .put("grid", Arrays.asList(Arrays.asList((short) 1, null), null, List.of((short) 2)))
                    .put("points", List.of()).put("m", m);
            case 4:
                return row.put("ints", List.of(4)).put("required_ints", List.of(4))
                    .put("info", new Struct(OUTER).put("b", Arrays.asList(null, "y")))
                    .put("points", List.of(new Struct(POINT).put("p", 4L)));
            default:
                return row.put("required_ints", List.of(5, 5, 5))
                    .put("grid", List.of(List.of((short) 5), List.of((short) 6, (short) 7)));
        }
    }

    static final List<String> NESTED_JSON = List.of(
        "0 | null | [] | null | null | null | null",
        "1 | [] | [7] | {\"a\":null,\"b\":null,\"c\":null} | [] | [null] | {\"k\":null,\"j\":{\"v\":1}}",
        "2 | [null] | [1,2] | {\"a\":1,\"b\":[],\"c\":{\"d\":null}} | [null,[],[null]] | "
            + "[null,{\"p\":null,\"q\":[true,null]},{\"p\":3,\"q\":[]}] | {\"e\":{\"v\":null}}",
        "3 | [1,null,3] | [] | {\"a\":2,\"b\":[\"x\",null],\"c\":{\"d\":5}} | [[1,null],null,[2]] | [] | {}",
        "4 | [4] | [4] | {\"a\":null,\"b\":[null,\"y\"],\"c\":null} | null | [{\"p\":4,\"q\":null}] | null",
        "5 | null | [5,5,5] | null | [[5],[6,7]] | null | null");

    /**
     * The levels our column tree computes (issue 16 item 7: values go straight to parquet-java's column writers, no
     * record consumer): 300 rows, more than the 128 held back to choose dictionaries, so both the held rows and the
     * ones written straight through are read back.
     */
    @Test
    void nestedListsStructsAndMapsWithNullsAndEmptiesReadBackAsWritten() throws Exception {
        int rows = 300;
        List<SinkRecord> records = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            records.add(rec(i, NESTED, nestedRow(i)));
        }
        props.put(S3SinkConfig.FLUSH_SIZE, String.valueOf(rows));
        Path f = file(write(records).values().iterator().next());

        assertThat(query("SELECT column_name || ' ' || column_type FROM (DESCRIBE SELECT * FROM read_parquet('"
            + f + "'))")).containsExactly("id BIGINT", "ints INTEGER[]", "required_ints INTEGER[]",
            "info STRUCT(a INTEGER, b VARCHAR[], c STRUCT(d BIGINT))", "grid SMALLINT[][]",
            "points STRUCT(p BIGINT, q BOOLEAN[])[]", "m MAP(VARCHAR, STRUCT(v INTEGER))");
        assertThat(query("SELECT count(*), count(DISTINCT id) FROM read_parquet('" + f + "')"))
            .containsExactly(rows + " | " + rows);
        // Every row of a shape reads back the same: one line per shape, or more if any row differed.
        assertThat(query("SELECT DISTINCT id % 6 AS shape, to_json(ints), to_json(required_ints), to_json(info), "
            + "to_json(grid), to_json(points), to_json(m) FROM read_parquet('" + f + "') ORDER BY shape"))
            .isEqualTo(NESTED_JSON);
    }

    static Schema withDefault() {
        return SchemaBuilder.struct().name("shop.public.defaults.Value")
            .field("id", Schema.INT64_SCHEMA)
            .field("status", SchemaBuilder.string().optional().defaultValue("new").build())
            .field("qty", Schema.OPTIONAL_INT32_SCHEMA)
            .build();
    }

    /**
     * Fields are read by position when the value's Struct has the compiled schema itself, by name otherwise (an equal
     * schema of another instance); either way a NULL column stays null, never its schema's default.
     */
    @Test
    void nullColumnsStayNullNotTheirDefaultWhateverSchemaInstanceTheStructHas() throws Exception {
        Schema schema = withDefault();
        Schema equalCopy = withDefault();
        assertThat(equalCopy).isEqualTo(schema).isNotSameAs(schema);
        props.put(S3SinkConfig.FLUSH_SIZE, "4");
        Path f = file(write(List.of(
            rec(0, schema, new Struct(schema).put("id", 0L).put("status", "paid").put("qty", 1)),
            rec(1, schema, new Struct(schema).put("id", 1L)),
            rec(2, schema, new Struct(equalCopy).put("id", 2L).put("status", "sent").put("qty", 2)),
            rec(3, schema, new Struct(equalCopy).put("id", 3L)))).values().iterator().next());

        assertThat(query("SELECT * FROM read_parquet('" + f + "') ORDER BY id"))
            .containsExactly("0 | paid | 1", "1 | null | null", "2 | sent | 2", "3 | null | null");
    }

    /** parquet.row.group.size: a row group is written into the object as it fills, and every row reads back. */
    @Test
    void rowGroupsAreWrittenAsTheyFill() throws Exception {
        Schema schema = SchemaBuilder.struct().name("shop.public.wide.Value")
            .field("id", Schema.INT64_SCHEMA).field("text", Schema.OPTIONAL_STRING_SCHEMA).build();
        int rows = 3000;
        List<SinkRecord> records = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            records.add(rec(i, schema, new Struct(schema).put("id", (long) i).put("text", i + " " + "x".repeat(100))));
        }
        props.put(S3SinkConfig.FLUSH_SIZE, String.valueOf(rows));
        props.put(S3SinkConfig.PARQUET_ROW_GROUP_SIZE, String.valueOf(64 * 1024));
        Path f = file(write(records).values().iterator().next());

        // About 100 bytes a row, 64 KiB groups: four or more, none above the limit by more than a row or two.
        List<String> groups = query("SELECT row_group_id, row_group_num_rows, max(total_uncompressed_size) "
            + "FROM parquet_metadata('" + f + "') GROUP BY ALL ORDER BY row_group_id");
        assertThat(groups).hasSizeGreaterThanOrEqualTo(4);
        assertThat(query("SELECT count(*), sum(id), min(length(text)), max(length(text)) FROM read_parquet('" + f
            + "')")).containsExactly(rows + " | " + (long) rows * (rows - 1) / 2 + " | 102 | 105");
    }

    @ParameterizedTest
    @ValueSource(strings = {"snappy", "zstd", "gzip", "none"})
    void everyCodecIsReadable(String codec) throws Exception {
        props.put(S3SinkConfig.PARQUET_CODEC, codec);
        Map<String, byte[]> objects = write(List.of(rec(0, ROW, row(0)), rec(1, ROW, row(1)), rec(2, ROW, row(2))));
        Path f = file(objects.values().iterator().next());
        assertThat(query("SELECT DISTINCT compression FROM parquet_metadata('" + f + "')"))
            .containsExactly(codec.equals("none") ? "UNCOMPRESSED" : codec.toUpperCase(java.util.Locale.ROOT));
        assertThat(query("SELECT sum(amount) FROM read_parquet('" + f + "')")).containsExactly("39.90");
    }

    @Test
    void aReplayByFreshTasksWritesByteIdenticalObjectsUnderTheSameKeys() {
        List<SinkRecord> records = new ArrayList<>();
        for (long i = 0; i < 7; i++) {
            records.add(rec(i, ROW, row(i)));
        }
        Map<String, byte[]> first = write(records);
        Map<String, byte[]> second = write(records);
        assertThat(first).hasSize(2);
        assertThat(second.keySet()).isEqualTo(first.keySet());
        for (String key : first.keySet()) {
            assertThat(second.get(key)).as(key).isEqualTo(first.get(key));
        }
    }

    /**
     * The encoding is chosen per object from its first 128 rows: a column more than half distinct there (ids, text)
     * is written plain, a repeating one keeps its dictionary. Checked in the file's metadata as DuckDB reads it.
     * {@code late} is distinct in those rows only, then one value: parquet-java alone would keep its dictionary (the
     * whole page encodes smaller with it), the sample decides plain.
     */
    @Test
    void mostlyDistinctColumnsAreWrittenPlainAndRepeatingOnesWithADictionary() throws Exception {
        Schema table = SchemaBuilder.struct().name("t.Value").field("id", Schema.INT64_SCHEMA)
            .field("status", Schema.STRING_SCHEMA).field("note", Schema.OPTIONAL_STRING_SCHEMA)
            .field("half", Schema.INT32_SCHEMA).field("late", Schema.INT32_SCHEMA).build();
        props.put(S3SinkConfig.FLUSH_SIZE, "300");
        List<SinkRecord> records = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            // half: 64 distinct values in the first 128 rows, exactly half, so still a dictionary
            records.add(rec(i, table, new Struct(table).put("id", (long) i).put("status", i % 3 == 0 ? "NEW" : "PAID")
                .put("note", i % 2 == 0 ? null : "note " + i).put("half", i / 2).put("late", i < 128 ? i : -1)));
        }
        Path f = file(write(records).values().iterator().next());
        assertThat(query("SELECT path_in_schema, list_sort(string_split(encodings, ', ')) FROM parquet_metadata('"
            + f + "') ORDER BY path_in_schema")).containsExactly("half | [BIT_PACKED, PLAIN_DICTIONARY]",
                "id | [BIT_PACKED, PLAIN]", "late | [BIT_PACKED, PLAIN]", "note | [BIT_PACKED, PLAIN, RLE]",
                "status | [BIT_PACKED, PLAIN_DICTIONARY]");
        assertThat(query("SELECT count(*), count(DISTINCT id), count(note), sum(half), count(DISTINCT late) FROM "
            + "read_parquet('" + f + "')")).containsExactly("300 | 300 | 150 | 22350 | 129");
    }

    @Test
    void aNewSchemaStartsANewObject() throws Exception {
        Schema v1 = SchemaBuilder.struct().name("t.Value").field("id", Schema.INT64_SCHEMA).build();
        Schema v2 = SchemaBuilder.struct().name("t.Value").field("id", Schema.INT64_SCHEMA)
            .field("added", Schema.OPTIONAL_STRING_SCHEMA).build();
        props.put(S3SinkConfig.FLUSH_SIZE, "4");
        Map<String, byte[]> objects = write(List.of(rec(0, v1, new Struct(v1).put("id", 0L)),
            rec(1, v1, new Struct(v1).put("id", 1L)), rec(2, v2, new Struct(v2).put("id", 2L).put("added", "x")),
            rec(3, v2, new Struct(v2).put("id", 3L))));
        // offsets 0-1 in the first object; 2-3 (the new schema) start the second, which flush.size has not filled
        assertThat(objects.keySet()).containsExactly("lake/orders/partition=0/orders+0+0000000000.parquet");
        assertThat(query("SELECT * FROM read_parquet('" + file(objects.values().iterator().next()) + "')"))
            .containsExactly("0", "1");
        // Connect resumes at the committed offset, 2 (the open batch's first offset), with a fresh task.
        Map<String, byte[]> more = write(List.of(rec(2, v2, new Struct(v2).put("id", 2L).put("added", "x")),
            rec(3, v2, new Struct(v2).put("id", 3L)), rec(4, v2, new Struct(v2).put("id", 4L).put("added", "y")),
            rec(5, v2, new Struct(v2).put("id", 5L))));
        assertThat(more).containsKey("lake/orders/partition=0/orders+0+0000000002.parquet");
        assertThat(query("SELECT * FROM read_parquet('"
            + file(more.get("lake/orders/partition=0/orders+0+0000000002.parquet")) + "') ORDER BY id"))
            .containsExactly("2 | x", "3 | null", "4 | y", "5 | null");
    }

    @Test
    void aValueParquetCannotCarryFailsNamingFieldTypesAndRecordNeverTheValue() {
        Struct bad = row(0).put("amount", new BigDecimal("12345678901.23"));
        assertThatThrownBy(() -> write(List.of(rec(0, ROW, bad))))
            .isInstanceOf(DataException.class)
            .hasMessage("Cannot write [format=parquet] at topic orders, partition 0, offset 0: field 'amount' "
                + "(org.apache.kafka.connect.data.Decimal, BYTES → DECIMAL(12,2)): the value has more digits than "
                + "precision 12");
    }

    /** numeric(50,5) (and any decimal wider than 38 digits) has no Parquet DECIMAL: the task fails naming the column. */
    @Test
    void aColumnWithoutAParquetFormFailsNamingItsPathAndTheRecord() {
        Schema wide = SchemaBuilder.struct().name("shop.public.wide.Value")
            .field("id", Schema.INT64_SCHEMA)
            .field("lines", SchemaBuilder.array(SchemaBuilder.struct()
                .field("n50", Decimal.builder(5).parameter("connect.decimal.precision", "50").optional().build())
                .optional().build()).optional().build())
            .build();
        assertThatThrownBy(() -> write(List.of(rec(0, wide, new Struct(wide).put("id", 1L)))))
            .isInstanceOf(DataException.class)
            .hasMessage("[format=parquet] cannot type the schema of topic orders, partition 0, offset 0: field "
                + "'lines[].n50' (org.apache.kafka.connect.data.Decimal, BYTES): decimal(50,5) has no Parquet DECIMAL "
                + "form (precision 1..38, 0 <= scale <= precision)");
    }

    @Test
    void schemalessValuesAreRefusedWithTheFix() {
        assertThatThrownBy(() -> write(List.of(rec(0, null, Map.of("id", 1L)))))
            .isInstanceOf(DataException.class)
            .hasMessageContaining("[format=parquet] needs Struct values with a schema, found a schemaless value at "
                + "topic orders, partition 0, offset 0: with AnalystJsonConverter set "
                + "value.converter.schema.header=true");
    }
}
