package io.github.cdcbundle.smt;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;

/** Change events shaped as Debezium's PostgreSQL connector writes them. */
final class Envelopes {
    static final String TOPIC = "shop.public.orders";

    static final Schema ROW = SchemaBuilder.struct().name("shop.public.orders.Value").optional()
            .field("id", Schema.INT32_SCHEMA)
            .field("customer", Schema.OPTIONAL_STRING_SCHEMA)
            .field("status", SchemaBuilder.string().optional().defaultValue("new").build())
            .build();

    static final Schema SOURCE = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source")
            .field("version", Schema.STRING_SCHEMA)
            .field("connector", Schema.STRING_SCHEMA)
            .field("name", Schema.STRING_SCHEMA)
            .field("ts_ms", Schema.INT64_SCHEMA)
            .field("snapshot", SchemaBuilder.string().optional().name("io.debezium.data.Enum")
                    .parameter("allowed", "true,first,first_in_data_collection,last_in_data_collection,last,false,incremental").build())
            .field("db", Schema.STRING_SCHEMA)
            .field("sequence", Schema.OPTIONAL_STRING_SCHEMA)
            .field("schema", Schema.STRING_SCHEMA)
            .field("table", Schema.STRING_SCHEMA)
            .field("txId", Schema.OPTIONAL_INT64_SCHEMA)
            .field("lsn", Schema.OPTIONAL_INT64_SCHEMA)
            .field("xmin", Schema.OPTIONAL_INT64_SCHEMA)
            .build();

    static final Schema TRANSACTION = SchemaBuilder.struct().name("event.block").optional()
            .field("id", Schema.STRING_SCHEMA)
            .field("total_order", Schema.INT64_SCHEMA)
            .field("data_collection_order", Schema.INT64_SCHEMA)
            .build();

    static final Schema ENVELOPE = envelopeSchema(ROW);

    private Envelopes() {
    }

    static Schema envelopeSchema(Schema row) {
        return SchemaBuilder.struct().name(TOPIC + ".Envelope").version(2)
                .field("before", row)
                .field("after", row)
                .field("source", SOURCE)
                .field("transaction", TRANSACTION)
                .field("op", Schema.STRING_SCHEMA)
                .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
                .build();
    }

    static Struct row(int id, String customer, String status) {
        return new Struct(ROW).put("id", id).put("customer", customer).put("status", status);
    }

    static Struct source(long lsn) {
        return new Struct(SOURCE).put("version", "3.7.0.Final").put("connector", "postgresql").put("name", "shop")
                .put("ts_ms", 1_700_000_000_000L).put("snapshot", "false").put("db", "shopdb")
                .put("schema", "public").put("table", "orders").put("txId", 771L).put("lsn", lsn);
    }

    static Struct envelope(String op, Struct before, Struct after) {
        return envelope(ENVELOPE, op, before, after);
    }

    static Struct envelope(Schema schema, String op, Struct before, Struct after) {
        Struct e = new Struct(schema).put("op", op).put("source", source(33_554_432L)).put("ts_ms", 1_700_000_000_123L);
        e.put("before", before);
        e.put("after", after);
        return e;
    }

    static SourceRecord record(Schema schema, Object value) {
        return new SourceRecord(Map.of("server", "shop"), Map.of("lsn", 1L), TOPIC, 0,
                Schema.INT32_SCHEMA, 42, schema, value, 1_700_000_000_999L);
    }

    static SinkRecord sinkRecord(Schema schema, Object value) {
        return new SinkRecord(TOPIC, 3, Schema.INT32_SCHEMA, 42, schema, value, 1234L);
    }

    static Map<String, Object> mapRow(int id, String customer) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("customer", customer);
        return row;
    }

    static Map<String, Object> mapEnvelope(String op, Map<String, Object> before, Map<String, Object> after) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("ts_ms", 1_700_000_000_000L);
        source.put("db", "shopdb");
        source.put("schema", "public");
        source.put("table", "orders");
        source.put("txId", 771L);
        source.put("lsn", 33_554_432L);
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("before", before);
        e.put("after", after);
        e.put("source", source);
        e.put("op", op);
        e.put("ts_ms", 1_700_000_000_123L);
        return e;
    }
}
