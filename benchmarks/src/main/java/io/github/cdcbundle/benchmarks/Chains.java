package io.github.cdcbundle.benchmarks;

import io.debezium.transforms.ExtractNewRecordState;
import io.github.cdcbundle.smt.FlattenChangeEvent;
import io.github.cdcbundle.smt.RdsMetadata;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.transforms.InsertField;

/** The transform chains the benchmark compares, configured to produce the same rows. */
public final class Chains {
    static final String ENDPOINT = "shop.cluster-c9akciq32.eu-west-1.rds.amazonaws.com";

    private Chains() {
    }

    public static UnaryOperator<SourceRecord> of(String name) {
        switch (name) {
            case "reference": {
                ExtractNewRecordState<SourceRecord> unwrap = new ExtractNewRecordState<>();
                unwrap.configure(Map.of("add.fields", "op,table,lsn,source.ts_ms",
                        "delete.tombstone.handling.mode", "rewrite"));
                // InsertField adds one static field per instance: two instances, as users chain them.
                InsertField.Value<SourceRecord> instance = new InsertField.Value<>();
                instance.configure(Map.of("static.field", "__instance", "static.value", "shop"));
                InsertField.Value<SourceRecord> region = new InsertField.Value<>();
                region.configure(Map.of("static.field", "__region", "static.value", "eu-west-1"));
                return record -> region.apply(instance.apply(unwrap.apply(record)));
            }
            case "oursRdsFirst": {
                RdsMetadata<SourceRecord> rds = new RdsMetadata.Value<>();
                rds.configure(Map.of("rds.endpoint", ENDPOINT,
                        "fields", "instance,region,table,lsn,commit_ts_ms:__source_ts_ms"));
                FlattenChangeEvent<SourceRecord> flatten = new FlattenChangeEvent.Value<>();
                flatten.configure(Map.of("metadata.fields", "op", "deleted.field.type", "string"));
                return record -> flatten.apply(rds.apply(record));
            }
            case "ours": {
                FlattenChangeEvent<SourceRecord> flatten = new FlattenChangeEvent.Value<>();
                flatten.configure(Map.of("metadata.fields", "op,table,lsn,source.ts_ms",
                        "deleted.field.type", "string"));
                RdsMetadata<SourceRecord> rds = new RdsMetadata.Value<>();
                rds.configure(Map.of("rds.endpoint", ENDPOINT, "fields", "instance,region"));
                return record -> rds.apply(flatten.apply(record));
            }
            default:
                throw new IllegalArgumentException("unknown chain " + name);
        }
    }

    /** Fails unless every chain gives every record the same fields with the same values and schemas. */
    static void assertSameRows(SourceRecord[] records, String... names) {
        UnaryOperator<SourceRecord> reference = of("reference");
        for (String name : names) {
            UnaryOperator<SourceRecord> chain = of(name);
            for (SourceRecord record : records) {
                Map<String, Object> expected = byName((Struct) reference.apply(record).value());
                Map<String, Object> actual = byName((Struct) chain.apply(record).value());
                if (!expected.equals(actual)) {
                    throw new IllegalStateException("chain " + name + " differs from the reference:\n  " + expected
                            + "\n  " + actual);
                }
            }
        }
    }

    private static Map<String, Object> byName(Struct row) {
        Map<String, Object> fields = new TreeMap<>();
        for (Field field : row.schema().fields()) {
            fields.put(field.name(), Objects.toString(row.get(field)) + " : " + field.schema().type()
                    + (field.schema().isOptional() ? "?" : ""));
        }
        return fields;
    }
}
