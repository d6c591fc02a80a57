package io.github.cdcbundle.smt;

import static io.github.cdcbundle.smt.Envelopes.ENVELOPE;
import static io.github.cdcbundle.smt.Envelopes.envelope;
import static io.github.cdcbundle.smt.Envelopes.mapEnvelope;
import static io.github.cdcbundle.smt.Envelopes.mapRow;
import static io.github.cdcbundle.smt.Envelopes.record;
import static io.github.cdcbundle.smt.Envelopes.row;
import static io.github.cdcbundle.smt.Envelopes.sinkRecord;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FlattenChangeEventTest {
    private final FlattenChangeEvent<SourceRecord> flatten = new FlattenChangeEvent.Value<>();

    private FlattenChangeEvent<SourceRecord> configure(String... keyValues) {
        Map<String, String> config = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            config.put(keyValues[i], keyValues[i + 1]);
        }
        flatten.configure(config);
        return flatten;
    }

    @AfterEach
    void close() {
        flatten.close();
    }

    private static List<String> fieldNames(Schema schema) {
        return schema.fields().stream().map(Field::name).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"c", "r", "u"})
    void createReadUpdateBecomeTheAfterRowWithMetadata(String op) {
        configure();
        SourceRecord out = flatten.apply(record(ENVELOPE, envelope(op, row(1, "ann", "old"), row(1, "ann", "paid"))));

        Struct value = (Struct) out.value();
        assertThat(fieldNames(out.valueSchema()))
                .containsExactly("id", "customer", "status", "__deleted", "__op", "__source_ts_ms");
        assertThat(value.get("id")).isEqualTo(1);
        assertThat(value.get("status")).isEqualTo("paid");
        assertThat(value.get("__deleted")).isEqualTo(false);
        assertThat(value.get("__op")).isEqualTo(op);
        assertThat(value.get("__source_ts_ms")).isEqualTo(1_700_000_000_000L);
        assertThat(out.valueSchema().name()).isEqualTo("shop.public.orders.Value");
        assertThat(out.key()).isEqualTo(42);
        assertThat(out.keySchema()).isEqualTo(Schema.INT32_SCHEMA);
        assertThat(out.timestamp()).isEqualTo(1_700_000_000_999L);
    }

    @Test
    void anUpdateCarryingDebeziumsUnsentToastPlaceholderFailsNamingTableColumnAndFix() {
        configure();
        SourceRecord update = record(ENVELOPE, envelope("u", null, row(1, "__debezium_unavailable_value", "paid")));
        assertThatThrownBy(() -> flatten.apply(update)).isInstanceOf(DataException.class)
                .hasMessageContaining("column 'customer' of public.orders holds Debezium's placeholder")
                .hasMessageContaining("ALTER TABLE public.orders REPLICA IDENTITY FULL")
                .hasMessageContaining("unchanged.toast.handling=placeholder")
                .hasMessageContaining("topic=shop.public.orders");
    }

    @Test
    void theUnsentToastPlaceholderInABytesColumnFailsToo() {
        Schema row = SchemaBuilder.struct().name("shop.public.orders.Value").optional()
                .field("id", Schema.INT32_SCHEMA).field("blob", Schema.OPTIONAL_BYTES_SCHEMA).build();
        Schema schema = Envelopes.envelopeSchema(row);
        configure();
        byte[] placeholder = "__debezium_unavailable_value".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (Object bytes : new Object[] {placeholder, java.nio.ByteBuffer.wrap(placeholder)}) {
            SourceRecord update = record(schema, Envelopes.envelope(schema, "u", null,
                    new Struct(row).put("id", 1).put("blob", bytes)));
            assertThatThrownBy(() -> flatten.apply(update)).hasMessageContaining("column 'blob' of public.orders");
        }
        SourceRecord other = record(schema, Envelopes.envelope(schema, "u", null,
                new Struct(row).put("id", 1).put("blob", new byte[] {1, 2})));
        assertThat(((Struct) flatten.apply(other).value()).get("blob")).isEqualTo(new byte[] {1, 2});
    }

    @Test
    void theUnsentToastPlaceholderPassesWhenAskedForAndOnlyUpdatesAreChecked() {
        configure("unchanged.toast.handling", "placeholder");
        SourceRecord update = record(ENVELOPE, envelope("u", null, row(1, "__debezium_unavailable_value", "paid")));
        assertThat(((Struct) flatten.apply(update).value()).get("customer")).isEqualTo("__debezium_unavailable_value");
        flatten.close();
        configure("unavailable.value.placeholder", "<unsent>");
        assertThat(((Struct) flatten.apply(record(ENVELOPE, envelope("u", null, row(1, "__debezium_unavailable_value",
                "paid")))).value()).get("customer")).as("another placeholder configured").isEqualTo(
                        "__debezium_unavailable_value");
        assertThatThrownBy(() -> flatten.apply(record(ENVELOPE, envelope("u", null, row(1, "<unsent>", "paid")))))
                .hasMessageContaining("column 'customer'");
        assertThat(((Struct) flatten.apply(record(ENVELOPE, envelope("c", null, row(1, "<unsent>", "paid")))).value())
                .get("customer")).as("an insert always sends every value").isEqualTo("<unsent>");
    }

    @Test
    void aSchemalessUpdateCarryingThePlaceholderFails() {
        configure();
        Map<String, Object> after = new HashMap<>(Map.of("id", 1, "customer", "__debezium_unavailable_value"));
        Map<String, Object> envelope = new HashMap<>(Map.of("op", "u", "after", after,
                "source", Map.of("schema", "public", "table", "orders")));
        SourceRecord record = new SourceRecord(null, null, "shop.public.orders", 0, null, envelope);
        assertThatThrownBy(() -> flatten.apply(record)).hasMessageContaining("column 'customer' of public.orders");
    }

    @Test
    void aHexPlaceholderIsRefusedAtConfigureTime() {
        assertThatThrownBy(() -> configure("unavailable.value.placeholder", "hex:00ff"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unavailable.value.placeholder");
    }

    @Test
    void deleteIsRewrittenAsTheBeforeRowWithTheFlagSet() {
        configure();
        SourceRecord out = flatten.apply(record(ENVELOPE, envelope("d", row(7, "bob", "paid"), null)));
        Struct value = (Struct) out.value();
        assertThat(value.get("id")).isEqualTo(7);
        assertThat(value.get("customer")).isEqualTo("bob");
        assertThat(value.get("__deleted")).isEqualTo(true);
        assertThat(value.get("__op")).isEqualTo("d");
    }

    @Test
    void deletesAndUpdatesShareOneOutputSchema() {
        configure();
        SourceRecord update = flatten.apply(record(ENVELOPE, envelope("u", null, row(1, "a", "x"))));
        SourceRecord delete = flatten.apply(record(ENVELOPE, envelope("d", row(1, "a", "x"), null)));
        assertThat(delete.valueSchema()).isSameAs(update.valueSchema());
    }

    @Test
    void deleteCanBecomeATombstoneOrBeDropped() {
        configure(FlattenConfig.DELETE_HANDLING, "TOMBSTONE");
        SourceRecord tombstone = flatten.apply(record(ENVELOPE, envelope("d", row(7, "bob", "paid"), null)));
        assertThat(tombstone.value()).isNull();
        assertThat(tombstone.valueSchema()).isNull();
        assertThat(tombstone.key()).isEqualTo(42);

        configure(FlattenConfig.DELETE_HANDLING, "drop");
        assertThat(flatten.apply(record(ENVELOPE, envelope("d", row(7, "bob", "paid"), null)))).isNull();
    }

    @Test
    void tombstonesAreDroppedByDefaultAndKeptOnRequest() {
        configure();
        assertThat(flatten.apply(record(null, null))).isNull();
        configure(FlattenConfig.TOMBSTONE_HANDLING, "keep");
        SourceRecord tombstone = record(null, null);
        assertThat(flatten.apply(tombstone)).isSameAs(tombstone);
    }

    @Test
    void stringFlagWritesWhatDebeziumWrites() {
        configure(FlattenConfig.DELETED_FIELD_TYPE, "string", FlattenConfig.DELETED_FIELD, "is_deleted");
        Struct value = (Struct) flatten.apply(record(ENVELOPE, envelope("d", row(7, "b", "x"), null))).value();
        assertThat(value.get("is_deleted")).isEqualTo("true");
        assertThat(value.schema().field("is_deleted").schema()).isEqualTo(Schema.OPTIONAL_STRING_SCHEMA);
    }

    @Test
    void metadataFieldsFollowDebeziumNamingAndAcceptAliases() {
        configure(FlattenConfig.METADATA_FIELDS, "op,ts_ms,lsn,source.txId,table,transaction.id,source.ts_ms:commit_ms");
        Struct env = envelope("c", null, row(1, "a", "x"));
        env.put("transaction", new Struct(Envelopes.TRANSACTION).put("id", "771:33554432").put("total_order", 1L)
                .put("data_collection_order", 1L));
        SourceRecord out = flatten.apply(record(ENVELOPE, env));
        Struct value = (Struct) out.value();
        assertThat(fieldNames(out.valueSchema())).containsExactly("id", "customer", "status", "__deleted",
                "__op", "__ts_ms", "__lsn", "__source_txId", "__table", "__transaction_id", "commit_ms");
        assertThat(value.get("__ts_ms")).isEqualTo(1_700_000_000_123L);
        assertThat(value.get("__lsn")).isEqualTo(33_554_432L);
        assertThat(value.get("__source_txId")).isEqualTo(771L);
        assertThat(value.get("__table")).isEqualTo("orders");
        assertThat(value.get("__transaction_id")).isEqualTo("771:33554432");
        assertThat(value.get("commit_ms")).isEqualTo(1_700_000_000_000L);
        assertThat(out.valueSchema().field("__lsn").schema().isOptional()).isTrue();
    }

    @Test
    void absentTransactionBlockGivesNullMetadata() {
        configure(FlattenConfig.METADATA_FIELDS, "transaction.id");
        Struct value = (Struct) flatten.apply(record(ENVELOPE, envelope("c", null, row(1, "a", "x")))).value();
        assertThat(value.get("__transaction_id")).isNull();
    }

    @Test
    void metadataCanGoToHeadersLeavingTheAfterImageUncopied() {
        configure(FlattenConfig.METADATA_TARGET, "headers", FlattenConfig.DELETE_HANDLING, "tombstone",
                FlattenConfig.METADATA_FIELDS, "op,lsn");
        Struct after = row(1, "a", "x");
        SourceRecord in = record(ENVELOPE, envelope("u", null, after));
        SourceRecord out = flatten.apply(in);
        assertThat(out.value()).isSameAs(after);
        assertThat(out.valueSchema()).isSameAs(Envelopes.ROW);
        Header op = out.headers().lastWithName("__op");
        assertThat(op.value()).isEqualTo("u");
        assertThat(out.headers().lastWithName("__lsn").value()).isEqualTo(33_554_432L);
        assertThat(in.headers().isEmpty()).isTrue();
    }

    @Test
    void nestedStructColumnsAreFlattenedWithTheDelimiterAndArraysKeptWhole() {
        Schema address = SchemaBuilder.struct().optional().field("city", Schema.STRING_SCHEMA)
                .field("geo", SchemaBuilder.struct().field("lat", Schema.FLOAT64_SCHEMA).build()).build();
        Schema rowSchema = SchemaBuilder.struct().optional().field("id", Schema.INT32_SCHEMA)
                .field("address", address)
                .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
                .build();
        Schema envelopeSchema = Envelopes.envelopeSchema(rowSchema);
        Struct geo = new Struct(address.field("geo").schema()).put("lat", 1.5);
        Struct row = new Struct(rowSchema).put("id", 1).put("address", new Struct(address).put("city", "Oslo")
                .put("geo", geo)).put("tags", List.of("a", "b"));
        configure(FlattenConfig.NESTED_FLATTEN, "true", FlattenConfig.NESTED_DELIMITER, ".",
                FlattenConfig.METADATA_FIELDS, "");

        SourceRecord out = flatten.apply(record(envelopeSchema, envelope(envelopeSchema, "c", null, row)));
        Struct value = (Struct) out.value();
        assertThat(fieldNames(out.valueSchema()))
                .containsExactly("id", "address.city", "address.geo.lat", "tags", "__deleted");
        assertThat(value.get("address.city")).isEqualTo("Oslo");
        assertThat(value.get("address.geo.lat")).isEqualTo(1.5);
        assertThat(value.get("tags")).isEqualTo(List.of("a", "b"));
        // a child of an optional parent may be absent, so it becomes optional
        assertThat(out.valueSchema().field("address.city").schema().isOptional()).isTrue();

        Struct noAddress = new Struct(rowSchema).put("id", 2);
        Struct flat = (Struct) flatten.apply(record(envelopeSchema, envelope(envelopeSchema, "c", null, noAddress)))
                .value();
        assertThat(flat.get("address.city")).isNull();
        assertThat(flat.get("address.geo.lat")).isNull();
    }

    @Test
    void nullColumnsStayNullEvenWithASchemaDefault() {
        configure();
        Struct value = (Struct) flatten.apply(record(ENVELOPE, envelope("c", null, row(1, "a", null)))).value();
        assertThat(value.getWithoutDefault("status")).isNull();

        configure(FlattenConfig.REPLACE_NULL_WITH_DEFAULT, "true");
        value = (Struct) flatten.apply(record(ENVELOPE, envelope("c", null, row(1, "a", null)))).value();
        assertThat(value.getWithoutDefault("status")).isEqualTo("new");
    }

    @Test
    void theInputRecordIsNeverMutated() {
        configure(FlattenConfig.METADATA_TARGET, "headers");
        Struct env = envelope("u", row(1, "a", "x"), row(1, "a", "y"));
        Struct copy = envelope("u", row(1, "a", "x"), row(1, "a", "y"));
        SourceRecord in = record(ENVELOPE, env);
        flatten.apply(in);
        assertThat(env).isEqualTo(copy);
        assertThat(in.headers().isEmpty()).isTrue();
        assertThat(in.valueSchema()).isSameAs(ENVELOPE);
    }

    @Test
    void theSecondRecordOfATableReusesTheDerivedSchema() {
        configure();
        SourceRecord first = flatten.apply(record(ENVELOPE, envelope("c", null, row(1, "a", "x"))));
        SourceRecord second = flatten.apply(record(ENVELOPE, envelope("u", null, row(2, "b", "y"))));
        assertThat(second.valueSchema()).isSameAs(first.valueSchema());
        // an equal schema built anew (a sink converter without a cache) also hits
        Schema rebuilt = Envelopes.envelopeSchema(Envelopes.ROW);
        SourceRecord third = flatten.apply(record(rebuilt, envelope(rebuilt, "c", null, row(3, "c", "z"))));
        assertThat(third.valueSchema()).isSameAs(first.valueSchema());
        assertThat(flatten.cachedSchemas()).isEqualTo(1);
    }

    @Test
    void recordsThatAreNotChangeEventsPassThroughUnchanged() {
        configure();
        Schema heartbeat = SchemaBuilder.struct().name("io.debezium.connector.common.Heartbeat")
                .field("ts_ms", Schema.INT64_SCHEMA).build();
        SourceRecord beat = record(heartbeat, new Struct(heartbeat).put("ts_ms", 5L));
        assertThat(flatten.apply(beat)).isSameAs(beat);

        Schema flatRowWithOpColumn = SchemaBuilder.struct().field("op", Schema.STRING_SCHEMA).build();
        SourceRecord flat = record(flatRowWithOpColumn, new Struct(flatRowWithOpColumn).put("op", "z"));
        assertThat(flatten.apply(flat)).isSameAs(flat);

        SourceRecord truncate = record(ENVELOPE, envelope("t", null, null));
        assertThat(flatten.apply(truncate)).isSameAs(truncate);

        Schema message = SchemaBuilder.struct().name("shop.message.Envelope").field("op", Schema.STRING_SCHEMA)
                .field("source", Envelopes.SOURCE).field("message", Schema.OPTIONAL_STRING_SCHEMA).build();
        SourceRecord logicalMessage = record(message, new Struct(message).put("op", "m")
                .put("source", Envelopes.source(1L)));
        assertThat(flatten.apply(logicalMessage)).isSameAs(logicalMessage);

        SourceRecord primitive = record(Schema.STRING_SCHEMA, "hello");
        assertThat(flatten.apply(primitive)).isSameAs(primitive);

        SourceRecord schemalessString = record(null, "hello");
        assertThat(flatten.apply(schemalessString)).isSameAs(schemalessString);

        FlattenChangeEvent<SinkRecord> sink = new FlattenChangeEvent.Value<>();
        sink.configure(Map.of());
        SinkRecord schemalessRow = sinkRecord(null, mapRow(1, "a"));
        assertThat(sink.apply(schemalessRow)).isSameAs(schemalessRow);
    }

    @ParameterizedTest
    @ValueSource(strings = {"c", "r", "u", "d"})
    void schemalessEnvelopesFlattenLikeStructOnes(String op) {
        FlattenChangeEvent<SinkRecord> sink = new FlattenChangeEvent.Value<>();
        sink.configure(Map.of(FlattenConfig.METADATA_FIELDS, "op,lsn,source.ts_ms"));
        boolean delete = op.equals("d");
        SinkRecord out = sink.apply(sinkRecord(null,
                mapEnvelope(op, delete ? mapRow(9, "z") : null, delete ? null : mapRow(9, "z"))));
        assertThat(out.valueSchema()).isNull();
        @SuppressWarnings("unchecked")
        Map<String, Object> value = (Map<String, Object>) out.value();
        assertThat(value).containsExactly(Map.entry("id", 9), Map.entry("customer", "z"),
                Map.entry("__deleted", delete), Map.entry("__op", op), Map.entry("__lsn", 33_554_432L),
                Map.entry("__source_ts_ms", 1_700_000_000_000L));
        assertThat(out.kafkaOffset()).isEqualTo(1234L);
        assertThat(out.key()).isEqualTo(42);
    }

    @Test
    void schemalessNestedMapsFlattenWhenAsked() {
        FlattenChangeEvent<SinkRecord> sink = new FlattenChangeEvent.Value<>();
        sink.configure(Map.of(FlattenConfig.NESTED_FLATTEN, "true", FlattenConfig.METADATA_FIELDS, "",
                FlattenConfig.DELETE_HANDLING, "drop"));
        Map<String, Object> after = mapRow(1, "a");
        after.put("address", Map.of("city", "Oslo"));
        @SuppressWarnings("unchecked")
        Map<String, Object> value = (Map<String, Object>) sink.apply(sinkRecord(null, mapEnvelope("c", null, after)))
                .value();
        assertThat(value).containsExactly(Map.entry("id", 1), Map.entry("customer", "a"),
                Map.entry("address_city", "Oslo"));
    }

    @Test
    void unknownOperationIsADataExceptionNamingCoordinatesNotValues() {
        FlattenChangeEvent<SinkRecord> sink = new FlattenChangeEvent.Value<>();
        sink.configure(Map.of());
        Struct env = envelope("x", null, row(1, "secret-customer", "x"));
        assertThatThrownBy(() -> sink.apply(sinkRecord(ENVELOPE, env)))
                .isInstanceOf(DataException.class)
                .hasMessage("[change event flattening] field 'op' must be one of c, r, u, d, t, m; found an unknown "
                        + "operation code of length 1 (topic=shop.public.orders, partition=3, offset=1234)");
    }

    @Test
    void createWithoutAfterIsADataException() {
        configure();
        assertThatThrownBy(() -> flatten.apply(record(ENVELOPE, envelope("c", null, null))))
                .isInstanceOf(DataException.class)
                .hasMessage("[change event flattening] field 'after' is null on a create event "
                        + "(topic=shop.public.orders, partition=0)");
    }

    @Test
    void deleteWithoutBeforeSaysHowToFixIt() {
        configure();
        assertThatThrownBy(() -> flatten.apply(record(ENVELOPE, envelope("d", null, null))))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("field 'before' is null on a delete event; set REPLICA IDENTITY");
    }

    @Test
    void envelopeNamedSchemaWithoutValidShapeIsADataException() {
        configure();
        Schema broken = SchemaBuilder.struct().name("shop.public.orders.Envelope")
                .field("op", Schema.INT32_SCHEMA).field("after", Envelopes.ROW).build();
        assertThatThrownBy(() -> flatten.apply(record(broken, new Struct(broken).put("op", 1))))
                .isInstanceOf(DataException.class)
                .hasMessage("[change event flattening] schema 'shop.public.orders.Envelope' looks like a change "
                        + "envelope but its field 'op' is of type INT32 (topic=shop.public.orders, partition=0)");

        Schema imageNotStruct = SchemaBuilder.struct().field("op", Schema.STRING_SCHEMA)
                .field("after", Schema.OPTIONAL_STRING_SCHEMA).build();
        assertThatThrownBy(() -> flatten.apply(record(imageNotStruct, new Struct(imageNotStruct).put("op", "c"))))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("its field 'after' is of type STRING, not STRUCT");
    }

    @Test
    void structSchemaWithNonStructValueIsADataException() {
        configure();
        assertThatThrownBy(() -> flatten.apply(record(ENVELOPE, "not a struct")))
                .isInstanceOf(DataException.class)
                .hasMessage("Only Struct values are supported for [change event flattening] of records with a "
                        + "STRUCT schema, found java.lang.String (topic=shop.public.orders, partition=0)");
    }

    @Test
    void metadataFieldTheEnvelopeLacksIsADataException() {
        configure(FlattenConfig.METADATA_FIELDS, "source.nope");
        assertThatThrownBy(() -> flatten.apply(record(ENVELOPE, envelope("c", null, row(1, "a", "x")))))
                .isInstanceOf(DataException.class)
                .hasMessage("[change event flattening] metadata.fields entry 'source.nope' names a field that "
                        + "envelope schema 'shop.public.orders.Envelope' does not have "
                        + "(topic=shop.public.orders, partition=0)");
    }

    @Test
    void badConfigurationNamesTheOption() {
        assertThatThrownBy(() -> configure(FlattenConfig.DELETE_HANDLING, "explode"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value explode for configuration delete.handling: must be one of rewrite, "
                        + "tombstone, drop");
        assertThatThrownBy(() -> configure(FlattenConfig.METADATA_FIELDS, "after.id"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("configuration metadata.fields: entries are [source.|transaction.]field[:alias]");
        assertThatThrownBy(() -> configure(FlattenConfig.METADATA_FIELDS, "op,op"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("two entries write the same field '__op'");
        assertThatThrownBy(() -> configure(FlattenConfig.METADATA_FIELDS, "op:__deleted"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("writes the field '__deleted', which deleted.field uses");
        assertThatThrownBy(() -> configure(FlattenConfig.SCHEMA_CACHE_SIZE, "0"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.cache.size");
    }

    @Test
    void aColumnCollidingWithAMetadataFieldIsReported() {
        Schema rowSchema = SchemaBuilder.struct().optional().field("__op", Schema.STRING_SCHEMA).build();
        Schema envelopeSchema = Envelopes.envelopeSchema(rowSchema);
        configure();
        assertThatThrownBy(() -> flatten.apply(record(envelopeSchema,
                envelope(envelopeSchema, "c", null, new Struct(rowSchema).put("__op", "x")))))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("the row already has a field '__op', which metadata.fields would add");
    }
}
