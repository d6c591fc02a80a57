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
    /**
     * Plain primitive fields are written inline by a switch on this code rather than through their writer: a call
     * through the writer interface from this loop sees a different writer class per column (megamorphic), which
     * profiling showed as the single largest cost of a flat row.
     */
    private final byte[] kinds;

    private static final byte VIA_WRITER = 0;
    private static final byte STRING = 1;
    private static final byte INT32 = 2;
    private static final byte INT64 = 3;
    private static final byte BOOLEAN = 4;
    private static final byte FLOAT64 = 5;
    private static final byte INT16 = 6;
    private static final byte FLOAT32 = 7;
    private static final byte INT8 = 8;

    StructWriter(PlanCompiler compiler, Schema schema, boolean replaceNullWithDefault) {
        this.compiler = compiler;
        this.schema = schema;
        List<Field> list = schema.fields();
        int n = list.size();
        fields = list.toArray(new Field[0]);
        names = new SerializedString[n];
        writers = new ValueWriter[n];
        withoutDefault = new boolean[n];
        kinds = new byte[n];
        for (int i = 0; i < n; i++) {
            Field field = fields[i];
            names[i] = new SerializedString(field.name());
            writers[i] = compiler.nestedPlan(field.schema());
            withoutDefault[i] = !replaceNullWithDefault && field.schema().defaultValue() != null;
            kinds[i] = compiler.isPlain(field.schema()) ? kind(field.schema().type()) : VIA_WRITER;
        }
    }

    private static byte kind(Schema.Type type) {
        switch (type) {
            case STRING:
                return STRING;
            case INT32:
                return INT32;
            case INT64:
                return INT64;
            case BOOLEAN:
                return BOOLEAN;
            case FLOAT64:
                return FLOAT64;
            case INT16:
                return INT16;
            case FLOAT32:
                return FLOAT32;
            case INT8:
                return INT8;
            default:
                return VIA_WRITER;
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
                switch (kinds[i]) {
                    case STRING:
                        Strings.write(out, (String) fieldValue);
                        break;
                    case INT32:
                        out.writeNumber((Integer) fieldValue);
                        break;
                    case INT64:
                        out.writeNumber((Long) fieldValue);
                        break;
                    case BOOLEAN:
                        out.writeBoolean((Boolean) fieldValue);
                        break;
                    case FLOAT64:
                        out.writeNumber((Double) fieldValue);
                        break;
                    case INT16:
                        out.writeNumber((Short) fieldValue);
                        break;
                    case FLOAT32:
                        out.writeNumber((Float) fieldValue);
                        break;
                    case INT8:
                        out.writeNumber((Byte) fieldValue);
                        break;
                    default:
                        writers[i].write(out, fieldValue);
                }
            } catch (RuntimeException e) {
                throw FieldFailure.of(e, field.schema(), fieldValue).within(field.name());
            }
        }
        out.writeEndObject();
    }
}
