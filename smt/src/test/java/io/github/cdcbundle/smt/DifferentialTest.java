package io.github.cdcbundle.smt;

import static org.assertj.core.api.Assertions.assertThat;

import io.debezium.transforms.ExtractNewRecordState;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Our flatten against Debezium's own ExtractNewRecordState on the same envelopes, with equivalent options: the rows
 * (schema and value) must be identical. Equivalences: delete.handling=rewrite + tombstone.handling=drop is
 * Debezium's delete.tombstone.handling.mode=rewrite; deleted.field.type=string is its "true"/"false" flag;
 * replace.null.with.default=false on both sides.
 */
class DifferentialTest {
    private static final String FIELDS = "op,table,lsn,source.ts_ms,ts_ms,db,txId";

    @Provide
    Arbitrary<RowSchemas.Sample> rows() {
        return RowSchemas.samples();
    }

    @Property(tries = 200)
    void sameRowsAsExtractNewRecordState(@ForAll("rows") RowSchemas.Sample sample, @ForAll("ops") String op) {
        ExtractNewRecordState<SourceRecord> debezium = new ExtractNewRecordState<>();
        debezium.configure(Map.of("add.fields", FIELDS, "delete.tombstone.handling.mode", "rewrite",
                "replace.null.with.default", "false"));
        FlattenChangeEvent<SourceRecord> ours = new FlattenChangeEvent.Value<>();
        ours.configure(Map.of(FlattenConfig.METADATA_FIELDS, FIELDS, FlattenConfig.DELETED_FIELD_TYPE, "string"));

        Schema envelope = Envelopes.envelopeSchema(sample.schema());
        Struct other = (Struct) RowSchemas.value(new Random(op.hashCode()), sample.schema(), false);
        Struct event = Envelopes.envelope(envelope, op,
                op.equals("c") || op.equals("r") ? null : other, op.equals("d") ? null : sample.row());
        SourceRecord record = Envelopes.record(envelope, event);

        SourceRecord expected = debezium.apply(record);
        SourceRecord actual = ours.apply(record);

        assertThat(actual.valueSchema()).isEqualTo(expected.valueSchema());
        assertThat(actual.value()).isEqualTo(expected.value());
        assertThat(actual.key()).isEqualTo(expected.key());
        assertThat(actual.topic()).isEqualTo(expected.topic());
        debezium.close();
    }

    @Property(tries = 20)
    void tombstonesAreDroppedByBoth(@ForAll("rows") RowSchemas.Sample sample) {
        ExtractNewRecordState<SourceRecord> debezium = new ExtractNewRecordState<>();
        debezium.configure(Map.of("delete.tombstone.handling.mode", "rewrite"));
        FlattenChangeEvent<SourceRecord> ours = new FlattenChangeEvent.Value<>();
        ours.configure(Map.of());
        SourceRecord tombstone = Envelopes.record(null, null);
        assertThat(ours.apply(tombstone)).isEqualTo(debezium.apply(tombstone)).isNull();
        debezium.close();
    }

    @Provide
    Arbitrary<String> ops() {
        return net.jqwik.api.Arbitraries.of("c", "r", "u", "d");
    }
}
