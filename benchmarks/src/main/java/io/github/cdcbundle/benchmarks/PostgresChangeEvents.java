package io.github.cdcbundle.benchmarks;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Change events shaped like Debezium's PostgreSQL connector output for a 20-column table of mixed types, with the
 * schema instances shared across records as Debezium shares them.
 */
public final class PostgresChangeEvents {
    public static final String TOPIC = "shop.public.orders";

    static final Schema ROW = SchemaBuilder.struct().name(TOPIC + ".Value").optional()
            .field("id", Schema.INT64_SCHEMA)
            .field("customer_id", Schema.INT32_SCHEMA)
            .field("status", Schema.OPTIONAL_STRING_SCHEMA)
            .field("email", Schema.OPTIONAL_STRING_SCHEMA)
            .field("amount", Decimal.builder(2).optional().parameter("connect.decimal.precision", "12").build())
            .field("currency", Schema.OPTIONAL_STRING_SCHEMA)
            .field("paid", Schema.OPTIONAL_BOOLEAN_SCHEMA)
            .field("quantity", Schema.OPTIONAL_INT16_SCHEMA)
            .field("weight", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("created_at", SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").version(1).build())
            .field("updated_at", SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp").version(1)
                    .optional().build())
            .field("ship_date", SchemaBuilder.int32().name("io.debezium.time.Date").version(1).optional().build())
            .field("order_uuid", SchemaBuilder.string().name("io.debezium.data.Uuid").version(1).build())
            .field("attributes", SchemaBuilder.string().name("io.debezium.data.Json").version(1).optional().build())
            .field("note", Schema.OPTIONAL_STRING_SCHEMA)
            .field("street", Schema.OPTIONAL_STRING_SCHEMA)
            .field("city", Schema.OPTIONAL_STRING_SCHEMA)
            .field("zip", Schema.OPTIONAL_STRING_SCHEMA)
            .field("discount_pct", Schema.OPTIONAL_FLOAT32_SCHEMA)
            .field("thumbnail", Schema.OPTIONAL_BYTES_SCHEMA)
            .build();

    static final Schema SOURCE = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source")
            .field("version", Schema.STRING_SCHEMA)
            .field("connector", Schema.STRING_SCHEMA)
            .field("name", Schema.STRING_SCHEMA)
            .field("ts_ms", Schema.INT64_SCHEMA)
            .field("snapshot", SchemaBuilder.string().optional().name("io.debezium.data.Enum").version(1)
                    .parameter("allowed", "true,first,first_in_data_collection,last_in_data_collection,last,false,"
                            + "incremental").defaultValue("false").build())
            .field("db", Schema.STRING_SCHEMA)
            .field("sequence", Schema.OPTIONAL_STRING_SCHEMA)
            .field("ts_us", Schema.OPTIONAL_INT64_SCHEMA)
            .field("ts_ns", Schema.OPTIONAL_INT64_SCHEMA)
            .field("schema", Schema.STRING_SCHEMA)
            .field("table", Schema.STRING_SCHEMA)
            .field("txId", Schema.OPTIONAL_INT64_SCHEMA)
            .field("lsn", Schema.OPTIONAL_INT64_SCHEMA)
            .field("xmin", Schema.OPTIONAL_INT64_SCHEMA)
            .build();

    static final Schema TRANSACTION = SchemaBuilder.struct().name("event.block").version(1).optional()
            .field("id", Schema.STRING_SCHEMA)
            .field("total_order", Schema.INT64_SCHEMA)
            .field("data_collection_order", Schema.INT64_SCHEMA)
            .build();

    public static final Schema ENVELOPE = SchemaBuilder.struct().name(TOPIC + ".Envelope").version(2)
            .field("before", ROW)
            .field("after", ROW)
            .field("source", SOURCE)
            .field("transaction", TRANSACTION)
            .field("op", Schema.STRING_SCHEMA)
            .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
            .field("ts_us", Schema.OPTIONAL_INT64_SCHEMA)
            .field("ts_ns", Schema.OPTIONAL_INT64_SCHEMA)
            .build();

    static final Schema KEY = SchemaBuilder.struct().name(TOPIC + ".Key").field("id", Schema.INT64_SCHEMA).build();

    private PostgresChangeEvents() {
    }

    /** {@code count} records: mostly updates and creates, one in ten a delete (with the full before image). */
    public static SourceRecord[] generate(int count, long seed) {
        Random random = new Random(seed);
        SourceRecord[] records = new SourceRecord[count];
        for (int i = 0; i < count; i++) {
            Struct row = row(random, i);
            int kind = random.nextInt(10);
            String op = kind == 0 ? "d" : kind < 4 ? "c" : "u";
            long lsn = 33_554_432L + i * 64L;
            long commitMs = 1_700_000_000_000L + i;
            Struct source = new Struct(SOURCE).put("version", "3.7.0.Final").put("connector", "postgresql")
                    .put("name", "shop").put("ts_ms", commitMs).put("snapshot", "false").put("db", "shopdb")
                    .put("sequence", "[\"" + (lsn - 64) + "\",\"" + lsn + "\"]").put("ts_us", commitMs * 1000)
                    .put("ts_ns", commitMs * 1_000_000).put("schema", "public").put("table", "orders")
                    .put("txId", 5000L + i).put("lsn", lsn);
            Struct envelope = new Struct(ENVELOPE).put("op", op).put("source", source)
                    .put("ts_ms", commitMs + 7).put("ts_us", (commitMs + 7) * 1000).put("ts_ns", (commitMs + 7) * 1_000_000);
            if (op.equals("d")) {
                envelope.put("before", row);
            } else {
                envelope.put("after", row);
            }
            Struct key = new Struct(KEY).put("id", row.get("id"));
            records[i] = new SourceRecord(null, null, TOPIC, 0, KEY, key, ENVELOPE, envelope, commitMs + 9);
        }
        return records;
    }

    private static Struct row(Random random, int i) {
        byte[] thumbnail = new byte[16];
        random.nextBytes(thumbnail);
        return new Struct(ROW)
                .put("id", 1_000_000L + i)
                .put("customer_id", random.nextInt(50_000))
                .put("status", random.nextBoolean() ? "paid" : "pending")
                .put("email", "customer" + random.nextInt(50_000) + "@example.com")
                .put("amount", BigDecimal.valueOf(random.nextInt(1_000_000), 2))
                .put("currency", "EUR")
                .put("paid", random.nextBoolean())
                .put("quantity", (short) random.nextInt(100))
                .put("weight", random.nextDouble() * 20)
                .put("created_at", 1_700_000_000_000_000L + random.nextInt(1_000_000_000))
                .put("updated_at", "2026-11-25T03:00:00.123456Z")
                .put("ship_date", 20_000 + random.nextInt(400))
                .put("order_uuid", new UUID(random.nextLong(), random.nextLong()).toString())
                .put("attributes", random.nextInt(3) == 0 ? null : "{\"gift\":true,\"channel\":\"web\"}")
                .put("note", random.nextInt(4) == 0 ? "leave at the door" : null)
                .put("street", "Main street " + random.nextInt(200))
                .put("city", "Dublin")
                .put("zip", "D0" + random.nextInt(10))
                .put("discount_pct", random.nextFloat())
                .put("thumbnail", ByteBuffer.wrap(thumbnail));
    }
}
