package io.github.cdcbundle.debezium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.debezium.spi.converter.CustomConverter;
import io.debezium.spi.converter.RelationalColumn;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.sql.Array;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
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
        PostgresArrays arrays = new PostgresArrays();
        Properties props = new Properties();
        props.setProperty("json.columns", jsonColumns);
        arrays.configure(props);
        Registered[] out = new Registered[1];
        arrays.converterFor(column(table, column, type),
                (SchemaBuilder schema, CustomConverter.Converter converter) -> out[0] =
                        new Registered(schema.build(), converter));
        return out[0];
    }

    private static RelationalColumn column(String table, String name, String type) {
        Map<String, Object> answers = Map.of("name", name, "dataCollection", table, "typeName", type,
                "isOptional", true);
        return (RelationalColumn) Proxy.newProxyInstance(RelationalColumn.class.getClassLoader(),
                new Class<?>[] {RelationalColumn.class}, (proxy, method, args) -> answers.get(method.getName()));
    }

    /** pgjdbc's PgArray as Debezium hands it over, in the snapshot and from pgoutput alike. */
    private static Array pgArray(Object[] top) {
        return (Array) Proxy.newProxyInstance(Array.class.getClassLoader(), new Class<?>[] {Array.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getArray") && (args == null || args.length == 0)) {
                        return top;
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
    }

    @Test
    void otherTypesAreLeftToDebeziumUnlessListed() {
        assertThat(register("", "s.t", "c", "_numeric")).as("numeric[] without json.columns").isNull();
        assertThat(register("", "s.t", "c", "_timestamp")).isNull();
        assertThat(register("", "s.t", "c", "int4")).as("not an array").isNull();
        assertThatThrownBy(() -> register("s\\.t\\.c", "s.t", "c", "_timestamp"))
                .hasMessage("Column s.t.c (_timestamp) matches json.columns, but only arrays of int2, int4, int8, "
                        + "float4, float8, bool, text, varchar, bpchar, numeric, uuid can be written as JSON");
    }

    @Test
    void badRegexIsNamed() {
        assertThatThrownBy(() -> register("public\\.wide\\.(ia", "s.t", "c", "_int4"))
                .hasMessageStartingWith("Invalid json.columns: 'public\\.wide\\.(ia' is not a regular expression");
    }
}
