package io.github.cdcbundle.smt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/** Flattening must keep every column: the same value under the same schema, whatever the row looks like. */
class FlattenPropertiesTest {

    @Provide
    Arbitrary<RowSchemas.Sample> rows() {
        return RowSchemas.samples();
    }

    @Property(tries = 300)
    void everyColumnKeepsItsValueAndType(@ForAll("rows") RowSchemas.Sample sample) {
        Schema envelope = Envelopes.envelopeSchema(sample.schema());
        FlattenChangeEvent<SourceRecord> flatten = new FlattenChangeEvent.Value<>();
        flatten.configure(Map.of());
        Struct out = (Struct) flatten.apply(Envelopes.record(envelope,
                Envelopes.envelope(envelope, "u", null, sample.row()))).value();

        for (Field column : sample.schema().fields()) {
            Field flat = out.schema().field(column.name());
            assertThat(flat.schema()).as(column.name()).isEqualTo(column.schema());
            assertThat(out.getWithoutDefault(column.name())).as(column.name())
                    .isEqualTo(sample.row().getWithoutDefault(column.name()));
        }
        assertThat(out.schema().fields()).hasSize(sample.schema().fields().size() + 3);
        out.validate();
    }

    @Property(tries = 300)
    void nestedFlatteningKeepsEveryLeaf(@ForAll("rows") RowSchemas.Sample sample) {
        Schema envelope = Envelopes.envelopeSchema(sample.schema());
        FlattenChangeEvent<SourceRecord> flatten = new FlattenChangeEvent.Value<>();
        flatten.configure(Map.of(FlattenConfig.NESTED_FLATTEN, "true", FlattenConfig.NESTED_DELIMITER, "/",
                FlattenConfig.METADATA_FIELDS, "", FlattenConfig.DELETE_HANDLING, "drop"));
        Struct out = (Struct) flatten.apply(Envelopes.record(envelope,
                Envelopes.envelope(envelope, "c", null, sample.row()))).value();

        List<String> leaves = new ArrayList<>();
        collectLeaves(sample.schema(), sample.row(), "", out, leaves);
        assertThat(out.schema().fields()).extracting(Field::name).containsExactlyElementsOf(leaves);
        out.validate();
    }

    private static void collectLeaves(Schema schema, Struct value, String prefix, Struct out, List<String> leaves) {
        for (Field field : schema.fields()) {
            String name = prefix + field.name();
            Object child = value == null ? null : value.getWithoutDefault(field.name());
            if (field.schema().type() == Schema.Type.STRUCT) {
                collectLeaves(field.schema(), (Struct) child, name + "/", out, leaves);
            } else {
                leaves.add(name);
                assertThat(out.getWithoutDefault(name)).as(name).isEqualTo(child);
                assertThat(out.schema().field(name).schema().type()).as(name).isEqualTo(field.schema().type());
                assertThat(out.schema().field(name).schema().name()).as(name).isEqualTo(field.schema().name());
            }
        }
    }
}
