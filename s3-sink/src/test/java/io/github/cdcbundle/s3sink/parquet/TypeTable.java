package io.github.cdcbundle.s3sink.parquet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Timestamp;

/**
 * The README's type table, generated from the mapping itself (Columns): each row is a PostgreSQL type, the schema
 * Debezium gives it, and the Parquet type Columns writes for it. DocsTest keeps the README equal to it. Test code:
 * no plugin needs it at run time.
 */
public final class TypeTable {
    private TypeTable() {
    }

    private static final Object[][] ROWS = {
        {"`smallint`", Schema.INT16_SCHEMA, null},
        {"`integer`", Schema.INT32_SCHEMA, null},
        {"`bigint`", Schema.INT64_SCHEMA, null},
        {"`numeric(12,2)`", Decimal.builder(2).parameter(Columns.PRECISION, "12").build(), null},
        {"`numeric(30,4)`", Decimal.builder(4).parameter(Columns.PRECISION, "30").build(), null},
        {"`money` (Decimal without `connect.decimal.precision`)", Decimal.builder(2).build(), null},
        {"`numeric` (unconstrained: VariableScaleDecimal)", SchemaBuilder.struct().name(Columns.VARIABLE_SCALE_DECIMAL)
            .field("scale", Schema.INT32_SCHEMA).field("value", Schema.BYTES_SCHEMA).build(), null},
        {"`real`", Schema.FLOAT32_SCHEMA, null},
        {"`double precision`", Schema.FLOAT64_SCHEMA, null},
        {"`boolean`; `__deleted`", Schema.BOOLEAN_SCHEMA, null},
        {"`text`, `varchar`, `uuid`, `xml`, enums, `interval` as string, `timetz`", Schema.STRING_SCHEMA, null},
        {"`bytea`", Schema.BYTES_SCHEMA, null},
        {"`date`", SchemaBuilder.int32().name(Columns.DATE).build(), null},
        {"`date` (Connect Date)", Date.SCHEMA, null},
        {"`timestamp(0..3)`", SchemaBuilder.int64().name(Columns.TIMESTAMP).build(), null},
        {"`timestamp(4..6)`", SchemaBuilder.int64().name(Columns.MICRO_TIMESTAMP).build(), null},
        {"`timestamp` (Connect Timestamp)", Timestamp.SCHEMA, null},
        {"`timestamptz`", SchemaBuilder.string().name(Columns.ZONED_TIMESTAMP).build(), null},
        {"`time(0..3)`", SchemaBuilder.int32().name(Columns.TIME).build(), null},
        {"`time(4..6)`", SchemaBuilder.int64().name(Columns.MICRO_TIME).build(), null},
        {"`interval` (MicroDuration, microseconds)", SchemaBuilder.int64().name("io.debezium.time.MicroDuration")
            .build(), null},
        {"`json`, `jsonb`", SchemaBuilder.string().name(Columns.JSON).build(), null},
        {"`int[]` (any one-dimensional array)", SchemaBuilder.array(Schema.OPTIONAL_INT32_SCHEMA).build(), null},
        {"`hstore` (map mode)", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA).build(), null},
        {"`__lsn`", Schema.INT64_SCHEMA, null},
    };

    /** The rows (PostgreSQL type as markdown, Connect schema), in table order; the lake DDL's type table uses them. */
    public static List<Map.Entry<String, Schema>> rows() {
        List<Map.Entry<String, Schema>> rows = new ArrayList<>();
        for (Object[] row : ROWS) {
            rows.add(Map.entry((String) row[0], (Schema) row[1]));
        }
        return rows;
    }

    /** The markdown table (header included). */
    public static String markdown() {
        StringBuilder sb = new StringBuilder("| PostgreSQL | Connect schema | Parquet column |\n| --- | --- | --- |\n");
        for (Object[] row : ROWS) {
            Schema schema = (Schema) row[1];
            String parquet = Columns.describe(schema);
            sb.append("| ").append(row[0]).append(" | `").append(Columns.describeConnect(schema)).append("` | `")
                .append(parquet).append("` |\n");
        }
        sb.append("| `__commit_ts_ms` (in `parquet.timestamp.millis.fields`) | `INT64` | `")
            .append(Columns.describe(SchemaBuilder.int64().build(), Set.of("c"))).append("` |\n");
        return sb.toString();
    }
}
