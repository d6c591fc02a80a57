package io.github.cdcbundle.s3sink.lake;

import io.github.cdcbundle.s3sink.parquet.TypeTable;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

/** A flattened change row with one column of every type in the Parquet writer's type table, and the metadata. */
final class WideTable {
    private WideTable() {
    }

    /** Column c01, c02, … holds the type table's first, second, … row, optional as a nullable column is. */
    static LakeTable table() {
        SchemaBuilder row = SchemaBuilder.struct().name("shop.public.wide.Value").field("id", Schema.INT64_SCHEMA);
        List<Map.Entry<String, Schema>> rows = TypeTable.rows();
        for (int i = 0; i < rows.size(); i++) {
            row.field(column(i), optional(rows.get(i).getValue()));
        }
        row.field("__deleted", Schema.OPTIONAL_BOOLEAN_SCHEMA).field("__op", Schema.OPTIONAL_STRING_SCHEMA)
                .field("__lsn", Schema.OPTIONAL_INT64_SCHEMA).field("__commit_ts_ms", Schema.OPTIONAL_INT64_SCHEMA);
        return new LakeTable("shop.public.wide", row.build(), List.of("id"));
    }

    static String column(int index) {
        return String.format("c%02d", index + 1);
    }

    private static Schema optional(Schema s) {
        SchemaBuilder b = switch (s.type()) {
            case ARRAY -> SchemaBuilder.array(s.valueSchema());
            case MAP -> SchemaBuilder.map(s.keySchema(), s.valueSchema());
            case STRUCT -> {
                SchemaBuilder st = SchemaBuilder.struct();
                s.fields().forEach(f -> st.field(f.name(), f.schema()));
                yield st;
            }
            default -> new SchemaBuilder(s.type());
        };
        if (s.name() != null) {
            b.name(s.name());
        }
        if (s.parameters() != null) {
            b.parameters(s.parameters());
        }
        return b.optional().build();
    }
}
