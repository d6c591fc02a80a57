package io.github.cdcbundle.s3sink.lake;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;

/**
 * One captured table as the lake holds it: the topic, the row schema of its newest change (the schema the Parquet
 * writer types the objects with) and the primary key columns (the fields of the record key).
 */
public record LakeTable(String topic, Schema value, List<String> key) {
    /** Metadata fields the flatten and RDS transforms add start with this; every other field is a table column. */
    static final String METADATA_PREFIX = "__";
    static final String OP = "__op";
    static final String LSN = "__lsn";
    /** The commit time of a streamed change, the read time of a snapshot's row (the sink's timestamp.field). */
    static final String COMMIT_TS = "__commit_ts_ms";

    public LakeTable {
        if (value == null || value.type() != Schema.Type.STRUCT) {
            throw new IllegalArgumentException("topic " + topic + ": the newest change has no row schema");
        }
        if (key.isEmpty()) {
            throw new IllegalArgumentException("topic " + topic + ": the record key has no fields, so the table has "
                    + "no primary key to take the newest row of (a table without a primary key needs REPLICA "
                    + "IDENTITY and message.key.columns in Debezium)");
        }
        for (String required : List.of(OP, LSN)) {
            if (value.field(required) == null) {
                throw new IllegalArgumentException("topic " + topic + ": the rows have no " + required + " field "
                        + "(the flatten transform's metadata.fields must include op and lsn)");
            }
        }
        for (String k : key) {
            if (value.field(k) == null) {
                throw new IllegalArgumentException("topic " + topic + ": key field " + k + " is not in the row");
            }
        }
        key = List.copyOf(key);
    }

    /**
     * The SQL name: the topic's last two parts (schema and table; the prefix is the deployment's, not the table's),
     * lower case, anything but letters, digits and _ as _ (Athena's rule for table names).
     */
    public String name() {
        String[] parts = topic.split("\\.");
        String tail = parts.length >= 2 ? parts[parts.length - 2] + "_" + parts[parts.length - 1] : topic;
        return tail.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }

    /** The table's own columns (the current state's), in row order: every field but the metadata. */
    public List<String> columns() {
        List<String> names = new ArrayList<>();
        for (Field f : value.fields()) {
            if (!f.name().startsWith(METADATA_PREFIX)) {
                names.add(f.name());
            }
        }
        return names;
    }
}
