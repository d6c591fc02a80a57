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
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class RdsMetadataTest {
    static final String ENDPOINT = "shop.cluster-c9akciq32.eu-west-1.rds.amazonaws.com";

    static <T extends RdsMetadata<SourceRecord>> T configured(T transform, String... keyValues) {
        Map<String, String> config = new HashMap<>();
        config.put(RdsMetadataConfig.ENDPOINT, ENDPOINT);
        for (int i = 0; i < keyValues.length; i += 2) {
            config.put(keyValues[i], keyValues[i + 1]);
        }
        transform.configure(config);
        return transform;
    }

    static FlattenChangeEvent<SourceRecord> flatten(String... keyValues) {
        Map<String, String> config = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            config.put(keyValues[i], keyValues[i + 1]);
        }
        FlattenChangeEvent<SourceRecord> flatten = new FlattenChangeEvent.Value<>();
        flatten.configure(config);
        return flatten;
    }

    private static List<String> names(Schema schema) {
        return schema.fields().stream().map(Field::name).toList();
    }

    @Test
    void beforeFlattenTheRowCarriesAllMetadata() {
        RdsMetadata<SourceRecord> rds = configured(new RdsMetadata.Value<>(),
                RdsMetadataConfig.FIELDS, "instance,region,endpoint_type,db,schema,table,lsn,txId,commit_ts_ms,"
                        + "capture_ts_ms,snapshot");
        FlattenChangeEvent<SourceRecord> flatten = flatten(FlattenConfig.METADATA_FIELDS, "op");

        SourceRecord out = flatten.apply(rds.apply(record(ENVELOPE, envelope("u", null, row(1, "a", "x")))));
        Struct value = (Struct) out.value();
        assertThat(names(out.valueSchema())).containsExactly("id", "customer", "status", "__deleted", "__op",
                "__instance", "__region", "__endpoint_type", "__db", "__schema", "__table", "__lsn", "__txId",
                "__commit_ts_ms", "__capture_ts_ms", "__snapshot");
        assertThat(value.get("__instance")).isEqualTo("shop");
        assertThat(value.get("__region")).isEqualTo("eu-west-1");
        assertThat(value.get("__endpoint_type")).isEqualTo("cluster-writer");
        assertThat(value.get("__db")).isEqualTo("shopdb");
        assertThat(value.get("__schema")).isEqualTo("public");
        assertThat(value.get("__table")).isEqualTo("orders");
        assertThat(value.get("__lsn")).isEqualTo(33_554_432L);
        assertThat(value.get("__txId")).isEqualTo(771L);
        assertThat(value.get("__commit_ts_ms")).isEqualTo(1_700_000_000_000L);
        assertThat(value.get("__capture_ts_ms")).isEqualTo(1_700_000_000_123L);
        assertThat(value.get("__snapshot")).isEqualTo("false");
    }

    @Test
    void onAnEnvelopeTheRowImagesAreNotCopied() {
        RdsMetadata<SourceRecord> rds = configured(new RdsMetadata.Value<>());
        Struct after = row(1, "a", "x");
        Struct out = (Struct) rds.apply(record(ENVELOPE, envelope("c", null, after))).value();
        assertThat(out.get("after")).isSameAs(after);
        assertThat(out.schema().name()).isEqualTo("shop.public.orders.Envelope");
        assertThat(out.schema().version()).isEqualTo(2);
    }

    @Test
    void afterFlattenItAddsConfiguredValuesAndKeepsWhatFlattenCarried() {
        FlattenChangeEvent<SourceRecord> flatten = flatten(FlattenConfig.METADATA_FIELDS,
                "op,db,schema,table,lsn,txId,source.ts_ms:__commit_ts_ms");
        RdsMetadata<SourceRecord> rds = configured(new RdsMetadata.Value<>());

        SourceRecord out = rds.apply(flatten.apply(record(ENVELOPE, envelope("c", null, row(1, "a", "x")))));
        Struct value = (Struct) out.value();
        assertThat(names(out.valueSchema())).containsExactly("id", "customer", "status", "__deleted", "__op",
                "__db", "__schema", "__table", "__lsn", "__txId", "__commit_ts_ms", "__instance", "__region");
        assertThat(value.get("__instance")).isEqualTo("shop");
        assertThat(value.get("__lsn")).isEqualTo(33_554_432L);
    }

    @Test
    void eitherOrderGivesTheSameRowValues() {
        FlattenChangeEvent<SourceRecord> flattenFirst = flatten(FlattenConfig.METADATA_FIELDS,
                "op,db,schema,table,lsn,txId,source.ts_ms:__commit_ts_ms");
        RdsMetadata<SourceRecord> rdsAfter = configured(new RdsMetadata.Value<>());
        RdsMetadata<SourceRecord> rdsFirst = configured(new RdsMetadata.Value<>());
        FlattenChangeEvent<SourceRecord> flattenAfter = flatten(FlattenConfig.METADATA_FIELDS, "op");

        SourceRecord in = record(ENVELOPE, envelope("d", row(4, "d", "x"), null));
        Struct a = (Struct) rdsAfter.apply(flattenFirst.apply(in)).value();
        Struct b = (Struct) flattenAfter.apply(rdsFirst.apply(in)).value();
        for (Field field : b.schema().fields()) {
            assertThat(a.get(field.name())).as(field.name()).isEqualTo(b.get(field.name()));
        }
        assertThat(names(a.schema())).containsExactlyInAnyOrderElementsOf(names(b.schema()));
    }

    @Test
    void afterFlattenAMissingSourceFieldSaysHowToFixTheOrder() {
        FlattenChangeEvent<SourceRecord> flatten = flatten(FlattenConfig.METADATA_FIELDS, "op");
        RdsMetadata<SourceRecord> rds = configured(new RdsMetadata.Value<>());
        SourceRecord flat = flatten.apply(record(ENVELOPE, envelope("c", null, row(1, "a", "x"))));
        assertThatThrownBy(() -> rds.apply(flat))
                .isInstanceOf(DataException.class)
                .hasMessage("[RDS metadata] 'db' comes from the Debezium source block, which this record no longer "
                        + "has (schema 'shop.public.orders.Value' is a flat row without a field '__db'): put this "
                        + "transform before the flatten transform, or list the field in the flatten transform's "
                        + "metadata.fields as 'source.db:__db' (topic=shop.public.orders, partition=0)");
    }

    @Test
    void headersTargetLeavesTheValueAlone() {
        RdsMetadata<SourceRecord> rds = configured(new RdsMetadata.Value<>(), RdsMetadataConfig.TARGET, "headers",
                RdsMetadataConfig.FIELDS, "instance,region,lsn:rds_lsn");
        Struct env = envelope("c", null, row(1, "a", "x"));
        SourceRecord in = record(ENVELOPE, env);
        SourceRecord out = rds.apply(in);
        assertThat(out.value()).isSameAs(env);
        assertThat(out.headers().lastWithName("__instance").value()).isEqualTo("shop");
        assertThat(out.headers().lastWithName("__region").value()).isEqualTo("eu-west-1");
        assertThat(out.headers().lastWithName("rds_lsn").value()).isEqualTo(33_554_432L);
        assertThat(in.headers().isEmpty()).isTrue();
    }

    @Test
    void schemalessEnvelopeAndRowBothWork() {
        RdsMetadata<SinkRecord> rds = new RdsMetadata.Value<>();
        rds.configure(Map.of(RdsMetadataConfig.ENDPOINT, ENDPOINT, RdsMetadataConfig.FIELDS, "instance,table"));
        @SuppressWarnings("unchecked")
        Map<String, Object> env = (Map<String, Object>) rds.apply(sinkRecord(null, mapEnvelope("c", null,
                mapRow(1, "a")))).value();
        assertThat(env).containsEntry("__instance", "shop").containsEntry("__table", "orders");

        FlattenChangeEvent<SinkRecord> flatten = new FlattenChangeEvent.Value<>();
        flatten.configure(Map.of(FlattenConfig.METADATA_FIELDS, "table"));
        @SuppressWarnings("unchecked")
        Map<String, Object> row = (Map<String, Object>) rds.apply(flatten.apply(sinkRecord(null,
                mapEnvelope("c", null, mapRow(1, "a"))))).value();
        assertThat(row).containsEntry("__instance", "shop").containsEntry("__table", "orders").containsEntry("id", 1);
    }

    @Test
    void keyVariantAddsConfiguredValuesToFlatKeys() {
        RdsMetadata<SourceRecord> rds = configured(new RdsMetadata.Key<>(), RdsMetadataConfig.FIELDS, "instance");
        Schema keySchema = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).build();
        SourceRecord in = new SourceRecord(null, null, "t", 0, keySchema, new Struct(keySchema).put("id", 1),
                ENVELOPE, envelope("c", null, row(1, "a", "x")));
        SourceRecord out = rds.apply(in);
        assertThat(((Struct) out.key()).get("__instance")).isEqualTo("shop");
        assertThat(out.value()).isSameAs(in.value());
    }

    @Test
    void debeziumOwnRecordsPassThrough() {
        RdsMetadata<SourceRecord> rds = configured(new RdsMetadata.Value<>());
        Schema heartbeat = SchemaBuilder.struct().name("io.debezium.connector.common.Heartbeat")
                .field("ts_ms", Schema.INT64_SCHEMA).build();
        SourceRecord beat = record(heartbeat, new Struct(heartbeat).put("ts_ms", 1L));
        assertThat(rds.apply(beat)).isSameAs(beat);
        SourceRecord tombstone = record(null, null);
        assertThat(rds.apply(tombstone)).isSameAs(tombstone);
    }

    @Test
    void cachedSchemaIsReused() {
        RdsMetadata<SourceRecord> rds = configured(new RdsMetadata.Value<>());
        Schema first = rds.apply(record(ENVELOPE, envelope("c", null, row(1, "a", "x")))).valueSchema();
        Schema second = rds.apply(record(ENVELOPE, envelope("c", null, row(2, "b", "y")))).valueSchema();
        assertThat(second).isSameAs(first);
    }

    @Test
    void localHostNeedsExplicitInstanceAndRegion() {
        assertThatThrownBy(() -> new RdsMetadata.Value<SourceRecord>().configure(
                Map.of(RdsMetadataConfig.ENDPOINT, "localhost")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value  for configuration rds.instance: is required: rds.endpoint is not an RDS "
                        + "host name (<id>.<hash>.<region>.rds.amazonaws.com)");
        assertThatThrownBy(() -> new RdsMetadata.Value<SourceRecord>().configure(
                Map.of(RdsMetadataConfig.INSTANCE, "local-pg")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value  for configuration rds.region: is required: rds.endpoint is not set");

        RdsMetadata<SourceRecord> rds = new RdsMetadata.Value<>();
        rds.configure(Map.of(RdsMetadataConfig.ENDPOINT, "localhost", RdsMetadataConfig.INSTANCE, "local-pg",
                RdsMetadataConfig.REGION, "local", RdsMetadataConfig.FIELDS, "instance,region,endpoint_type"));
        Struct value = (Struct) rds.apply(record(ENVELOPE, envelope("c", null, row(1, "a", "x")))).value();
        assertThat(value.get("__instance")).isEqualTo("local-pg");
        assertThat(value.get("__endpoint_type")).isEqualTo("custom");
    }

    @Test
    void explicitValuesOverrideTheParsedOnes() {
        RdsMetadata<SourceRecord> rds = configured(new RdsMetadata.Value<>(), RdsMetadataConfig.REGION, "eu-north-1",
                RdsMetadataConfig.FIELDS, "region");
        Struct value = (Struct) rds.apply(record(ENVELOPE, envelope("c", null, row(1, "a", "x")))).value();
        assertThat(value.get("__region")).isEqualTo("eu-north-1");
    }

    @Test
    void badFieldsListNamesTheOptionAndTheChoices() {
        assertThatThrownBy(() -> configured(new RdsMetadata.Value<>(), RdsMetadataConfig.FIELDS, "instance,colour"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value colour for configuration fields: 'colour' is not a metadata key; use one "
                        + "of instance, region, endpoint_type, db, schema, table, lsn, txId, commit_ts_ms, snapshot, "
                        + "capture_ts_ms");
    }

    @Test
    void fieldsEntriesFollowTheSharedAliasRules() {
        assertThatThrownBy(() -> configured(new RdsMetadata.Value<>(), RdsMetadataConfig.FIELDS, "db,schema:__db"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value db,schema:__db for configuration fields: two entries write the same field "
                        + "'__db'");
        assertThatThrownBy(() -> configured(new RdsMetadata.Value<>(), RdsMetadataConfig.FIELDS, "db:"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value db: for configuration fields: the alias after ':' is empty");
    }

    @Test
    void sourceWithoutTheFieldIsReported() {
        Schema source = SchemaBuilder.struct().field("db", Schema.STRING_SCHEMA).build();
        Schema env = SchemaBuilder.struct().name("mysql.inv.t.Envelope").field("after", Envelopes.ROW)
                .field("source", source).field("op", Schema.STRING_SCHEMA).build();
        RdsMetadata<SourceRecord> rds = configured(new RdsMetadata.Value<>(), RdsMetadataConfig.FIELDS, "lsn");
        assertThatThrownBy(() -> rds.apply(record(env, new Struct(env).put("op", "c")
                .put("source", new Struct(source).put("db", "x")))))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("fields entry 'lsn' needs the source field 'lsn', which the source block of "
                        + "schema 'mysql.inv.t.Envelope' lacks");
    }
}
