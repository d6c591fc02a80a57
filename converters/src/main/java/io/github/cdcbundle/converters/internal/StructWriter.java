package io.github.cdcbundle.converters.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.util.List;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/** A struct as a JSON object, fields in schema order, names encoded once. */
final class StructWriter implements ValueWriter {
    private final PlanCompiler compiler;
    private final Schema schema;
    private final Field[] fields;
    private final SerializedString[] names;
    private final ValueWriter[] writers;
    /** Fields read by name so that a null stays null although the field's schema has a default. */
    private final boolean[] withoutDefault;

    StructWriter(PlanCompiler compiler, Schema schema, boolean replaceNullWithDefault) {
        this.compiler = compiler;
        this.schema = schema;
        List<Field> list = schema.fields();
        int n = list.size();
        fields = list.toArray(new Field[0]);
        names = new SerializedString[n];
        writers = new ValueWriter[n];
        withoutDefault = new boolean[n];
        for (int i = 0; i < n; i++) {
            Field field = fields[i];
            names[i] = new SerializedString(field.name());
            writers[i] = compiler.nestedPlan(field.schema());
            withoutDefault[i] = !replaceNullWithDefault && field.schema().defaultValue() != null;
        }
    }

    @Override
    public void write(JsonGenerator out, Object value) throws IOException {
        Struct struct = (Struct) value;
        if (!schema.equals(struct.schema())) {
            // A struct whose schema is not the one this plan was built for (equals is an identity check first).
            compiler.planFor(struct.schema()).write(out, struct);
            return;
        }
        out.writeStartObject();
        for (int i = 0; i < fields.length; i++) {
            Field field = fields[i];
            Object fieldValue = withoutDefault[i] ? struct.getWithoutDefault(field.name()) : struct.get(field);
            out.writeFieldName(names[i]);
            if (fieldValue == null) {
                out.writeNull();
                continue;
            }
            try {
                writers[i].write(out, fieldValue);
            } catch (RuntimeException e) {
                throw FieldFailure.of(e, field.schema(), fieldValue).within(field.name());
            }
        }
        out.writeEndObject();
    }
}
