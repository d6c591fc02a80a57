package io.github.cdcbundle.debezium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.debezium.connector.postgresql.UnchangedToastedReplicationMessageColumn;
import io.debezium.spi.converter.CustomConverter;
import io.debezium.spi.converter.RelationalColumn;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.sql.Array;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

/** What PostgresArrays registers for a column and makes of the values pgjdbc hands Debezium. */
class PostgresArraysTest {
    /** A registered column: the schema and the conversion, as Debezium would receive them. */
    private record Registered(Schema schema, CustomConverter.Converter converter) {
        Object convert(Object... top) {
            return converter.convert(pgArray(top));
        }
    }

    private static Registered register(String jsonColumns, String table, String column, String type) {
        return register(jsonColumns, column(table, column, type, OptionalInt.empty(), OptionalInt.empty()));
    }

    /** A column as Debezium describes it to converters: length and scale as pgjdbc reports them (or absent). */
    private static Registered register(String type, int length, int scale) {
        return register("", column("public.wide", "c", type, OptionalInt.of(length), OptionalInt.of(scale)));
    }

    private static Registered register(String jsonColumns, RelationalColumn column) {
        PostgresArrays arrays = new PostgresArrays();
        Properties props = new Properties();
        props.setProperty("json.columns", jsonColumns);
        arrays.configure(props);
        Registered[] out = new Registered[1];
        arrays.converterFor(column,
                (SchemaBuilder schema, CustomConverter.Converter converter) -> out[0] =
                        new Registered(schema.build(), converter));
        return out[0];
    }

    private static RelationalColumn column(String table, String name, String type, OptionalInt length,
                                           OptionalInt scale) {
        // Debezium reports the JDBC type of the column's root type: ARRAY for arrays and domains over them
        Map<String, Object> answers = Map.of("name", name, "dataCollection", table, "typeName", type,
                "isOptional", true, "length", length, "scale", scale,
                "jdbcType", type.startsWith("_") ? Types.ARRAY : Types.OTHER);
        return (RelationalColumn) Proxy.newProxyInstance(RelationalColumn.class.getClassLoader(),
                new Class<?>[] {RelationalColumn.class}, (proxy, method, args) -> answers.get(method.getName()));
    }

    /** pgjdbc's PgArray as Debezium hands it over, in the snapshot and from pgoutput alike. */
    private static Array pgArray(Object[] top) {
        return pgArray(top, null);
    }

    /** ... with PostgreSQL's text of the array, which PgArray.toString() returns. */
    private static Array pgArray(Object[] top, String text) {
        return (Array) Proxy.newProxyInstance(Array.class.getClassLoader(), new Class<?>[] {Array.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getArray") && (args == null || args.length == 0)) {
                        return top;
                    }
                    if (method.getName().equals("toString")) {
                        return text == null ? "a PgArray without text" : text;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void oneDimensionalValuesKeepDebeziumsSchemaAndValues() {
        Registered ints = register("", "public.wide", "ia", "_int4");
        assertThat(ints.schema()).isEqualTo(SchemaBuilder.array(Schema.OPTIONAL_INT32_SCHEMA).optional().build());
        assertThat(ints.convert(1, 2, null)).isEqualTo(Arrays.asList(1, 2, null));
        assertThat(ints.converter().convert(null)).isNull();

        Registered texts = register("", "public.wide", "ta", "_text");
        assertThat(texts.schema()).isEqualTo(SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).optional().build());
        assertThat(texts.convert("a", "ü")).isEqualTo(Arrays.asList("a", "ü"));

        assertThat(register("", "s.t", "c", "_int2").convert((short) 7)).isEqualTo(Arrays.asList((short) 7));
        assertThat(register("", "s.t", "c", "_float8").convert(1.5)).isEqualTo(Arrays.asList(1.5));
        assertThat(register("", "s.t", "c", "_bool").convert(true)).isEqualTo(Arrays.asList(true));
    }

    @Test
    void multiDimensionalValueFailsNamingTableAndColumn() {
        Registered ints = register("public\\.other\\..*", "public.wide", "ia", "_int4");
        Object[] twoByTwo = {new Integer[] {1, 2}, new Integer[] {3, 4}};
        String message = "Column public.wide.ia (_int4) holds an array of 2 dimensions, which its one-dimensional "
                + "array schema cannot carry (Debezium would write null for each sub-array); match the column with "
                + "this converter's json.columns option to carry it as JSON";
        assertThatThrownBy(() -> ints.convert(twoByTwo)).hasMessage(message)
                // Debezium's event.converting.failure.handling.mode=fail reports the cause
                .cause().hasMessage(message);
        Object[] threeDimensions = {new Object[] {new Integer[] {1}}};
        assertThatThrownBy(() -> ints.convert(threeDimensions)).hasMessageContaining("an array of 3 dimensions");
    }

    @Test
    void jsonColumnsCarryEveryDimensionAsToJsonbWritesIt() {
        Registered ints = register("public\\.wide\\.ia2, public\\.wide\\.ta2", "public.wide", "ia2", "_int4");
        assertThat(ints.schema()).isEqualTo(SchemaBuilder.string().name("io.debezium.data.Json").version(1)
                .optional().build());
        assertThat(ints.convert(new Integer[] {1, 2}, new Integer[] {3, null})).isEqualTo("[[1,2],[3,null]]");
        assertThat(ints.convert(1, 2)).isEqualTo("[1,2]");
        assertThat(ints.convert()).isEqualTo("[]");
        assertThat(ints.converter().convert(null)).isNull();

        Registered texts = register("public\\.wide\\.ta2", "public.wide", "ta2", "_text");
        assertThat(texts.convert(new Object[] {new String[] {"a\"b", "ü\\"}, new String[] {null, "\n"}}))
                .isEqualTo("[[\"a\\\"b\",\"ü\\\\\"],[null,\"\\n\"]]");

        assertThat(register(".*", "s.t", "c", "_float8").convert(new Double[] {1.0, 1e20, 0.25},
                new Double[] {Double.NaN, Double.NEGATIVE_INFINITY, -1e-7}))
                .isEqualTo("[[1,100000000000000000000,0.25],[\"NaN\",\"-Infinity\",-0.0000001]]");
        assertThat(register(".*", "s.t", "c", "_numeric").convert((Object) new Object[] {new BigDecimal("12.30")}))
                .isEqualTo("[[12.30]]");
        UUID uuid = UUID.fromString("8f5b2c5e-7c1f-4a53-9d3c-2a1b7f0e9c11");
        assertThat(register(".*", "s.t", "c", "_uuid").convert(uuid)).isEqualTo("[\"" + uuid + "\"]");
        assertThat(register(".*", "s.t", "c", "_bool").convert((Object) new Boolean[] {true, false}))
                .isEqualTo("[[true,false]]");
        // string elements that are PostgreSQL's text, read from the array's text like the types Debezium has no
        // schema for
        assertThat(register(".*", "s.t", "c", "_inet").converter()
                .convert(pgArray(null, "{{10.0.0.1,NULL},{192.168.0.0/24,::1}}")))
                .isEqualTo("[[\"10.0.0.1\",null],[\"192.168.0.0/24\",\"::1\"]]");
        assertThat(register(".*", "s.t", "c", "_int4range").converter()
                .convert(pgArray(null, "{{\"[1,3)\",empty}}"))).isEqualTo("[[\"[1,3)\",\"empty\"]]");
    }

    /** Debezium 3.7's element schema (PostgresValueConverter) for an array type, written out by hand. */
    private static Schema arrayOf(SchemaBuilder element) {
        return SchemaBuilder.array(element.optional().build()).optional().build();
    }

    private static SchemaBuilder named(SchemaBuilder builder, String name) {
        return builder.name(name).version(1);
    }

    @Test
    void oneDimensionalValuesOfEveryOtherTypeKeepDebeziumsSchemaAndConversion() {
        Registered dates = register("", "s.t", "c", "_date");
        assertThat(dates.schema()).isEqualTo(arrayOf(named(SchemaBuilder.int32(), "io.debezium.time.Date")));
        assertThat(dates.convert(java.sql.Date.valueOf("2024-01-31"), null, java.sql.Date.valueOf("1969-12-31")))
                .isEqualTo(Arrays.asList((int) LocalDate.of(2024, 1, 31).toEpochDay(), null, -1));

        // time.precision.mode=adaptive: the column's scale picks millis, micros or nanos, as for a plain column
        Registered micros = register("_timestamp", 29, 6);
        assertThat(micros.schema()).isEqualTo(arrayOf(named(SchemaBuilder.int64(), "io.debezium.time.MicroTimestamp")));
        assertThat(micros.convert(Timestamp.valueOf("2024-01-31 12:34:56.789012")))
                .isEqualTo(List.of(1_706_704_496_789_012L));
        Registered millis = register("_timestamp", 23, 3);
        assertThat(millis.schema()).isEqualTo(arrayOf(named(SchemaBuilder.int64(), "io.debezium.time.Timestamp")));
        assertThat(millis.convert(Timestamp.valueOf("2024-01-31 12:34:56.789"))).isEqualTo(List.of(1_706_704_496_789L));
        assertThat(register("", "s.t", "c", "_timestamp").schema()).as("no scale reported: Debezium's -1")
                .isEqualTo(millis.schema());

        // time[]: from PostgreSQL's text, as a plain time column; pgjdbc's java.sql.Time elements hold milliseconds
        Registered microTimes = register("_time", 15, 6);
        assertThat(microTimes.schema()).isEqualTo(arrayOf(named(SchemaBuilder.int64(), "io.debezium.time.MicroTime")));
        Object[] truncated = {java.sql.Time.valueOf("12:34:56"), null, java.sql.Time.valueOf("00:00:00")};
        assertThat(microTimes.converter().convert(pgArray(truncated, "{12:34:56.789012,NULL,24:00:00}")))
                .isEqualTo(Arrays.asList(45_296_789_012L, null, 86_400_000_000L));
        assertThat(microTimes.converter().convert(pgArray(new Object[] {null}, "[2:2]={00:00:00.000001}")))
                .isEqualTo(List.of(1L));
        assertThat(microTimes.converter().convert(pgArray(new Object[0], "{}"))).isEqualTo(List.of());
        assertThatThrownBy(() -> microTimes.converter().convert(pgArray(new Object[] {new Object[] {null}},
                "{{12:00:00}}"))).hasMessageContaining("holds an array of 2 dimensions");
        Registered milliTimes = register("_time", 12, 3);
        assertThat(milliTimes.schema()).isEqualTo(arrayOf(named(SchemaBuilder.int32(), "io.debezium.time.Time")));
        assertThat(milliTimes.converter().convert(pgArray(new Object[] {null}, "{12:34:56.789}")))
                .isEqualTo(List.of(45_296_789));

        Registered zoned = register("_timestamptz", 35, 6);
        assertThat(zoned.schema()).isEqualTo(arrayOf(named(SchemaBuilder.string(), "io.debezium.time.ZonedTimestamp")));
        // pgjdbc builds the Timestamp in the JVM's zone; Debezium writes the instant in UTC
        assertThat(zoned.convert(Timestamp.from(Instant.parse("2024-01-31T11:34:56.789012Z")),
                Timestamp.from(Instant.parse("2024-01-31T11:34:56Z"))))
                .isEqualTo(List.of("2024-01-31T11:34:56.789012Z", "2024-01-31T11:34:56.000000Z"));

        // decimal.handling.mode=precise
        Registered scaled = register("_numeric", 10, 2);
        assertThat(scaled.schema()).isEqualTo(arrayOf(named(SchemaBuilder.bytes(), "org.apache.kafka.connect.data.Decimal")
                .parameter("scale", "2").parameter("connect.decimal.precision", "10")));
        assertThat(scaled.convert(new BigDecimal("12.3"), null)).isEqualTo(Arrays.asList(new BigDecimal("12.30"), null));
        Registered free = register("_numeric", 131089, 0);
        Schema variable = SchemaBuilder.struct().name("io.debezium.data.VariableScaleDecimal").version(1)
                .doc("Variable scaled decimal").field("scale", Schema.INT32_SCHEMA).field("value", Schema.BYTES_SCHEMA)
                .optional().build();
        assertThat(free.schema()).isEqualTo(SchemaBuilder.array(variable).optional().build());
        assertThat(free.convert(new BigDecimal("12.30"), new BigDecimal("1E+3"))).isEqualTo(List.of(
                new Struct(variable).put("scale", 1).put("value", new byte[] {123}),
                new Struct(variable).put("scale", 0).put("value", BigDecimal.valueOf(1000).unscaledValue()
                        .toByteArray())));

        UUID uuid = UUID.fromString("8f5b2c5e-7c1f-4a53-9d3c-2a1b7f0e9c11");
        Registered uuids = register("", "s.t", "c", "_uuid");
        assertThat(uuids.schema()).isEqualTo(arrayOf(named(SchemaBuilder.string(), "io.debezium.data.Uuid")));
        assertThat(uuids.convert(uuid)).isEqualTo(List.of(uuid.toString()));
        for (String json : List.of("_json", "_jsonb")) {
            Registered docs = register("", "s.t", "c", json);
            assertThat(docs.schema()).isEqualTo(arrayOf(named(SchemaBuilder.string(), "io.debezium.data.Json")));
            assertThat(docs.convert("{\"a\": 1}")).isEqualTo(List.of("{\"a\": 1}"));
        }
        Registered bytes = register("", "s.t", "c", "_bytea");
        assertThat(bytes.schema()).isEqualTo(arrayOf(SchemaBuilder.bytes()));
        assertThat(bytes.convert((Object) new byte[] {1, 2, (byte) 0xff}))
                .isEqualTo(List.of(ByteBuffer.wrap(new byte[] {1, 2, (byte) 0xff})));
        for (String text : List.of("_char", "_inet", "_cidr", "_macaddr", "_macaddr8", "_int4range", "_int8range",
                "_numrange", "_daterange", "_tsrange", "_tstzrange")) {
            Registered strings = register("", "s.t", "c", text);
            assertThat(strings.schema()).as(text).isEqualTo(arrayOf(SchemaBuilder.string()));
            assertThat(strings.convert("[1,3)")).as(text).isEqualTo(List.of("[1,3)"));
        }
        Registered oids = register("", "s.t", "c", "_oid");
        assertThat(oids.schema()).isEqualTo(arrayOf(SchemaBuilder.int64()));
        assertThat(oids.convert(4_294_967_295L)).isEqualTo(List.of(4_294_967_295L));
    }

    @Test
    void multiDimensionalValueOfEveryTakenTypeFails() {
        Object[] twoByOne = {new Object[] {null}, new Object[] {null}};
        for (String type : List.of("_int2", "_int8", "_float4", "_float8", "_bool", "_varchar", "_bpchar", "_char",
                "_numeric", "_date", "_time", "_timestamp", "_timestamptz", "_uuid", "_json", "_jsonb", "_bytea", "_inet",
                "_cidr", "_macaddr", "_macaddr8", "_int4range", "_int8range", "_numrange", "_daterange", "_tsrange",
                "_tstzrange", "_oid")) {
            assertThatThrownBy(() -> register("", "public.wide", "c", type).convert(twoByOne)).as(type)
                    .hasMessage("Column public.wide.c (" + type + ") holds an array of 2 dimensions, which its "
                            + "one-dimensional array schema cannot carry (Debezium would write null for each "
                            + "sub-array); match the column with this converter's json.columns option to carry it "
                            + "as JSON");
        }
    }

    @Test
    void numericNaNFailsInsteadOfBecomingNull() {
        assertThatThrownBy(() -> register("_numeric", 10, 2).convert(Double.NaN))
                .hasMessage("Column public.wide.c (_numeric) holds an element Debezium's schema for it cannot carry: "
                        + "the element NaN (decimal.handling.mode=precise has no NaN or infinity)")
                .cause().hasMessageContaining("NaN");
    }

    @Test
    void unchangedToastedArrayFailsWithTheFix() {
        // what pgoutput's 'u' (an update that left a TOASTed value out) hands a converter under REPLICA IDENTITY DEFAULT
        for (Object marker : List.of(UnchangedToastedReplicationMessageColumn.UNCHANGED_TEXT_ARRAY_TOAST_VALUE,
                UnchangedToastedReplicationMessageColumn.UNCHANGED_INT_ARRAY_TOAST_VALUE,
                UnchangedToastedReplicationMessageColumn.UNCHANGED_TOAST_VALUE)) {
            for (String json : List.of("", "public\\.wide\\.c")) {
                assertThatThrownBy(() -> register(json, "public.wide", "c", "_int4").converter().convert(marker))
                        .hasMessage("Column public.wide.c: an update left this array unchanged and PostgreSQL did not "
                                + "send its TOASTed value; give the table REPLICA IDENTITY FULL so Debezium takes it "
                                + "from the old row")
                        .cause().isNotNull();
            }
        }
    }

    @Test
    void onlyColumnsThatAreNotArraysAreLeftToDebezium() {
        assertThat(register("", "s.t", "c", "_numeric")).as("numeric[] without json.columns").isNotNull();
        for (String type : List.of("int4", "mood", "interval", "text")) {
            assertThat(register("", "s.t", "c", type)).as(type).isNull();
        }
        assertThatThrownBy(() -> register("s\\.t\\.c", "s.t", "c", "_timestamp"))
                .hasMessage("Column s.t.c (_timestamp) matches json.columns, but only arrays of int2, int4, int8, "
                        + "float4, float8, bool, text, varchar, bpchar, numeric, uuid, char, inet, cidr, macaddr, "
                        + "macaddr8, int4range, int8range, numrange, daterange, tsrange, tstzrange and of the types "
                        + "Debezium has "
                        + "no schema of its own for can be written as JSON");
    }

    /** The array types Debezium nulls sub-arrays of, or leaves out entirely, with a value as PostgreSQL's text. */
    private static Object convertText(String jsonColumns, String type, String text) {
        return register(jsonColumns, "public.wide", "c", type).converter().convert(pgArray(null, text));
    }

    @Test
    void everyOtherArrayTypeIsCarriedAsTextListOrJsonWithEveryDimension() {
        for (String type : List.of("_mood", "_money", "_xml", "_name", "_varbit", "_point", "_citext", "_hstore",
                "_posint", "_pair", "_ltree")) {
            Registered list = register("", "public.wide", "c", type);
            assertThat(list.schema()).as(type)
                    .isEqualTo(SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).optional().build());
            assertThat(list.converter().convert(null)).isNull();
            Registered json = register("public\\.wide\\.c", "public.wide", "c", type);
            assertThat(json.schema()).as(type).isEqualTo(SchemaBuilder.string().name("io.debezium.data.Json")
                    .version(1).optional().build());
        }
        assertThat(convertText("", "_mood", "{happy,NULL,sad}")).isEqualTo(Arrays.asList("happy", null, "sad"));
        assertThat(convertText("", "_money", "{\"$1,234.56\",-$0.01}")).isEqualTo(List.of("$1,234.56", "-$0.01"));
        assertThat(convertText("", "_xml", "{\"<a x=\\\"1\\\">ü</a>\"}")).isEqualTo(List.of("<a x=\"1\">ü</a>"));
        assertThat(convertText("", "_pair", "{\"(1,\\\"b c\\\")\",\"(,)\"}"))
                .isEqualTo(List.of("(1,\"b c\")", "(,)"));
        assertThat(convertText("", "_hstore", "{\"\\\"a\\\"=>\\\"1\\\"\",\"NULL\"}"))
                .as("a quoted NULL is the text NULL").isEqualTo(List.of("\"a\"=>\"1\"", "NULL"));
        assertThat(convertText("", "_box", "{(1,1),(0,0);(2,2),(1,1)}")).as("box elements are split at ;")
                .isEqualTo(List.of("(1,1),(0,0)", "(2,2),(1,1)"));
        assertThat(convertText("", "_varbit", "[0:1]={101,\"\"}")).isEqualTo(List.of("101", ""));
        assertThat(convertText("", "_point", "{}")).isEqualTo(List.of());

        assertThat(convertText("public\\.wide\\.c", "_mood", "{{happy,NULL},{sad,\"a\\\\b\"}}"))
                .isEqualTo("[[\"happy\",null],[\"sad\",\"a\\\\b\"]]");
        assertThat(convertText("public\\.wide\\.c", "_point", "[2:2][1:1]={{\"(1,2)\"}}"))
                .isEqualTo("[[\"(1,2)\"]]");
        assertThat(convertText("public\\.wide\\.c", "_citext", "{}")).isEqualTo("[]");
    }

    @Test
    void multiDimensionalValueOfAnOtherTypeFailsUnlessListed() {
        Map<String, String> twoByOne = Map.of("_mood", "{{happy},{sad}}", "_timetz", "{{12:00:00+02},{NULL}}",
                "_interval", "{{\"1 day\"},{NULL}}", "_money", "{{$1.00},{NULL}}", "_citext", "{{a},{B}}",
                "_posint", "{{1},{2}}", "_pair", "{{\"(1,x)\"},{NULL}}");
        for (String type : twoByOne.keySet()) {
            assertThatThrownBy(() -> convertText("", type, twoByOne.get(type))).as(type)
                    .hasMessage("Column public.wide.c (" + type + ") holds an array of 2 dimensions, which its "
                            + "one-dimensional array schema cannot carry (Debezium would write null for each "
                            + "sub-array); match the column with this converter's json.columns option to carry it "
                            + "as JSON")
                    .cause().isNotNull();
        }
        // a domain over an array keeps the domain's name, with the array's JDBC type
        RelationalColumn domain = column("public.wide", "c", "int_list", OptionalInt.empty(), OptionalInt.empty());
        RelationalColumn arrayDomain = (RelationalColumn) Proxy.newProxyInstance(
                RelationalColumn.class.getClassLoader(), new Class<?>[] {RelationalColumn.class},
                (proxy, method, args) -> method.getName().equals("jdbcType") ? Types.ARRAY
                        : method.invoke(domain, args));
        Registered listed = register("public\\.wide\\.c", arrayDomain);
        assertThat(listed.converter().convert(pgArray(null, "{{1,2},{3,NULL}}"))).isEqualTo("[[\"1\",\"2\"],[\"3\",null]]");
        assertThatThrownBy(() -> register("", arrayDomain).converter().convert(pgArray(null, "{{1},{2}}")))
                .hasMessageStartingWith("Column public.wide.c (int_list) holds an array of 2 dimensions");
    }

    @Test
    void intervalsAsIso8601AndTimetzAsItsText() {
        assertThat(convertText("", "_interval", "{\"1 year 2 mons 3 days 04:05:06.78\",\"-178000000 years -11 mons "
                + "-3 days -04:05:06.789\",-00:00:59.019482,\"1 mon 2 days 00:00:00.000001\",00:00:00,\"-1 days "
                + "+02:03:04\",\"178000000 years\",2562047788:00:54.775807,NULL,P1D}"))
                .isEqualTo(Arrays.asList("P1Y2M3DT4H5M6.78S", "P-178000000Y-11M-3DT-4H-5M-6.789S", "PT-59.019482S",
                        "P1M2DT0.000001S", "PT0S", "P-1DT2H3M4S", "P178000000Y", "PT2562047788H54.775807S", null,
                        "P1D"));
        assertThat(convertText("public\\.wide\\.c", "_interval", "{{\"1 day\"},{\"-1 mons\"}}"))
                .isEqualTo("[[\"P1D\"],[\"P-1M\"]]");
        for (String other : List.of("@ 1 day", "1-2 3 4:05:06", "1 fortnight")) {
            assertThatThrownBy(() -> convertText("", "_interval", "{\"" + other + "\"}")).as(other)
                    .hasMessage("Column public.wide.c (_interval) holds a value this converter cannot read: an "
                            + "interval not in IntervalStyle postgres or iso_8601 (the converter reads only these; "
                            + "set the database's IntervalStyle to one of them)");
        }
        assertThat(convertText("", "_timetz", "{12:34:56.789+02,00:00:00-05:30,24:00:00+00,NULL}"))
                .as("timetz as its text, offset kept").isEqualTo(Arrays.asList("12:34:56.789+02", "00:00:00-05:30",
                        "24:00:00+00", null));
    }

    @Test
    void otherTypesFailOnTheUnchangedToastMarkerAndUnreadableText() {
        assertThatThrownBy(() -> register("", "public.wide", "c", "_mood").converter()
                .convert(UnchangedToastedReplicationMessageColumn.UNCHANGED_TOAST_VALUE))
                .hasMessageStartingWith("Column public.wide.c: an update left this array unchanged");
        assertThatThrownBy(() -> convertText("", "_mood", "{a,b"))
                .hasMessage("Column public.wide.c (_mood) holds a value this converter cannot read: array text ends "
                        + "early, at position 4");
        assertThatThrownBy(() -> convertText("", "_mood", "{a}x"))
                .hasMessage("Column public.wide.c (_mood) holds a value this converter cannot read: unexpected "
                        + "character in array text at position 3");
    }

    @Test
    void badRegexIsNamed() {
        assertThatThrownBy(() -> register("public\\.wide\\.(ia", "s.t", "c", "_int4"))
                .hasMessageStartingWith("Invalid json.columns: 'public\\.wide\\.(ia' is not a regular expression");
    }
}
