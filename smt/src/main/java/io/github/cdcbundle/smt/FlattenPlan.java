package io.github.cdcbundle.smt;

import io.github.cdcbundle.smt.internal.Envelope;
import io.github.cdcbundle.smt.internal.MetadataField;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.transforms.util.SchemaUtil;

/**
 * Everything about one envelope schema that the flatten transform needs per record, worked out once: the envelope's
 * fields, the output schema, and which input field feeds which output field. The per-record work is then array
 * walks and Struct puts, with no name lookups and no schema building.
 */
final class FlattenPlan {
    /** Marks a schema that is not a change envelope: records with it pass through. */
    static final FlattenPlan NOT_ENVELOPE = new FlattenPlan();

    final Field op;
    final Field before;
    final Field after;
    final Field source;
    final Field transaction;
    final RowPlan afterPlan;
    final RowPlan beforePlan;

    private FlattenPlan() {
        op = before = after = source = transaction = null;
        afterPlan = beforePlan = null;
    }

    private FlattenPlan(Schema envelope, FlattenConfig config) {
        op = envelope.field(Envelope.OP);
        before = envelope.field(Envelope.BEFORE);
        after = envelope.field(Envelope.AFTER);
        source = envelope.field(Envelope.SOURCE);
        transaction = envelope.field(Envelope.TRANSACTION);
        Schema rowSchema = after != null ? after.schema() : before.schema();
        afterPlan = new RowPlan(rowSchema, envelope, this, config);
        beforePlan = before == null || before.schema().equals(rowSchema)
                ? afterPlan : new RowPlan(before.schema(), envelope, this, config);
    }

    /**
     * Builds the plan, or says precisely why a schema that claims to be an envelope is not one. The caller adds the
     * record's coordinates to the message.
     */
    static FlattenPlan of(Schema schema, FlattenConfig config) {
        if (!Envelope.claimsEnvelope(schema)) {
            return NOT_ENVELOPE;
        }
        Field op = schema.field(Envelope.OP);
        if (op == null || op.schema().type() != Schema.Type.STRING) {
            throw new DataException("schema '" + schema.name() + "' looks like a change envelope but its field '"
                    + Envelope.OP + "' is " + (op == null ? "missing" : "of type " + op.schema().type()));
        }
        Field before = schema.field(Envelope.BEFORE);
        Field after = schema.field(Envelope.AFTER);
        if (before == null && after == null) {
            // A Debezium logical-decoding message envelope (op=m) has neither image; nothing to flatten.
            return NOT_ENVELOPE;
        }
        for (Field image : new Field[] {before, after}) {
            if (image != null && !Envelope.isStruct(image)) {
                throw new DataException("schema '" + schema.name() + "' looks like a change envelope but its field '"
                        + image.name() + "' is of type " + image.schema().type() + ", not STRUCT");
            }
        }
        Field source = schema.field(Envelope.SOURCE);
        if (source != null && !Envelope.isStruct(source)) {
            throw new DataException("schema '" + schema.name() + "' looks like a change envelope but its field '"
                    + Envelope.SOURCE + "' is of type " + source.schema().type() + ", not STRUCT");
        }
        return new FlattenPlan(schema, config);
    }

    boolean isEnvelope() {
        return this != NOT_ENVELOPE;
    }

    /** How one row image (before or after) becomes the output value. */
    static final class RowPlan {
        final Schema outputSchema;
        /** True when the output is the image itself: nothing added, nothing flattened. */
        final boolean passImage;
        private final Field[] columnIn;
        private final Field[][] columnNestedPath;
        private final boolean[] columnHasDefault;
        private final Field[] columnOut;
        private final boolean replaceNullWithDefault;
        private final Field deletedOut;
        private final Object deletedTrue;
        private final Object deletedFalse;
        private final int[] metaBlock;
        private final Field[] metaIn;
        private final Field[] metaOut;
        private final String[] metaHeader;
        private final Schema[] metaHeaderSchema;
        private final Field[] extraIn;
        private final Field[] extraOut;
        private final Field sourceField;
        private final Field transactionField;
        private final boolean toFields;
        /** Top-level text and bytes columns: where Debezium may put its placeholder for an unsent TOASTed value. */
        private final int[] toastable;

        private static final int FROM_ENVELOPE = 0;
        private static final int FROM_SOURCE = 1;
        private static final int FROM_TRANSACTION = 2;

        RowPlan(Schema rowSchema, Schema envelope, FlattenPlan plan, FlattenConfig config) {
            SchemaBuilder builder = SchemaUtil.copySchemaBasics(rowSchema, SchemaBuilder.struct());
            List<Field[]> paths = new ArrayList<>();
            List<String> names = new ArrayList<>();
            List<Schema> schemas = new ArrayList<>();
            collectColumns(rowSchema, new Field[0], "", false, config, paths, names, schemas);
            for (int i = 0; i < names.size(); i++) {
                builder.field(names.get(i), schemas.get(i));
            }
            boolean rewrite = config.deleteHandling == FlattenConfig.DeleteHandling.REWRITE;
            Schema flagSchema = config.deletedFieldType == FlattenConfig.FlagType.BOOLEAN
                    ? Schema.OPTIONAL_BOOLEAN_SCHEMA : Schema.OPTIONAL_STRING_SCHEMA;
            if (rewrite) {
                requireFree(builder, config.deletedField, FlattenConfig.DELETED_FIELD);
                builder.field(config.deletedField, flagSchema);
            }
            int metaCount = config.metadataFields.size();
            metaBlock = new int[metaCount];
            metaIn = new Field[metaCount];
            metaOut = new Field[metaCount];
            metaHeader = new String[metaCount];
            metaHeaderSchema = new Schema[metaCount];
            toFields = config.metadataTarget == FlattenConfig.Target.FIELDS;
            sourceField = plan.source;
            transactionField = plan.transaction != null && Envelope.isStruct(plan.transaction) ? plan.transaction : null;
            for (int i = 0; i < metaCount; i++) {
                MetadataField meta = config.metadataFields.get(i);
                Field in = resolve(meta, envelope, plan, i);
                Schema optional = optionalCopy(in.schema());
                metaIn[i] = in;
                metaHeader[i] = meta.outputName;
                metaHeaderSchema[i] = optional;
                if (toFields) {
                    requireFree(builder, meta.outputName, FlattenConfig.METADATA_FIELDS);
                    builder.field(meta.outputName, optional);
                }
            }
            List<Field> extras = new ArrayList<>();
            for (Field field : envelope.fields()) {
                if (!Envelope.STANDARD_FIELDS.contains(field.name())
                        && !config.metadataPrefix.isEmpty() && field.name().startsWith(config.metadataPrefix)) {
                    requireFree(builder, field.name(), FlattenConfig.METADATA_PREFIX);
                    builder.field(field.name(), field.schema());
                    extras.add(field);
                }
            }
            outputSchema = builder.build();

            int n = paths.size();
            columnIn = new Field[n];
            columnNestedPath = new Field[n][];
            columnHasDefault = new boolean[n];
            columnOut = new Field[n];
            for (int i = 0; i < n; i++) {
                Field[] path = paths.get(i);
                columnIn[i] = path[0];
                columnNestedPath[i] = path.length > 1 ? path : null;
                columnHasDefault[i] = path[path.length - 1].schema().defaultValue() != null;
                columnOut[i] = outputSchema.field(names.get(i));
            }
            toastable = java.util.stream.IntStream.range(0, n).filter(i -> columnNestedPath[i] == null
                    && (columnIn[i].schema().type() == Schema.Type.STRING
                            || columnIn[i].schema().type() == Schema.Type.BYTES)).toArray();
            replaceNullWithDefault = config.replaceNullWithDefault;
            deletedOut = rewrite ? outputSchema.field(config.deletedField) : null;
            deletedTrue = config.deletedFieldType == FlattenConfig.FlagType.BOOLEAN ? Boolean.TRUE : "true";
            deletedFalse = config.deletedFieldType == FlattenConfig.FlagType.BOOLEAN ? Boolean.FALSE : "false";
            for (int i = 0; i < metaCount; i++) {
                if (toFields) {
                    metaOut[i] = outputSchema.field(metaHeader[i]);
                }
            }
            extraIn = extras.toArray(new Field[0]);
            extraOut = new Field[extraIn.length];
            for (int i = 0; i < extraIn.length; i++) {
                extraOut[i] = outputSchema.field(extraIn[i].name());
            }
            boolean anyNested = false;
            for (Field[] path : paths) {
                anyNested |= path.length > 1;
            }
            passImage = !rewrite && (!toFields || metaCount == 0) && extraIn.length == 0 && !anyNested;
            for (int i = 0; i < metaCount; i++) {
                metaBlock[i] = blockOf(metaIn[i], plan, envelope);
            }
        }

        private static int blockOf(Field in, FlattenPlan plan, Schema envelope) {
            if (envelope.field(in.name()) == in) {
                return FROM_ENVELOPE;
            }
            if (plan.source != null && plan.source.schema().field(in.name()) == in) {
                return FROM_SOURCE;
            }
            return FROM_TRANSACTION;
        }

        private static Field resolve(MetadataField meta, Schema envelope, FlattenPlan plan, int index) {
            Field found = null;
            switch (meta.block) {
                case ENVELOPE_OR_SOURCE:
                    found = Envelope.STANDARD_FIELDS.contains(meta.name) ? envelope.field(meta.name) : null;
                    if (found == null && plan.source != null) {
                        found = plan.source.schema().field(meta.name);
                    }
                    break;
                case SOURCE:
                    found = plan.source == null ? null : plan.source.schema().field(meta.name);
                    break;
                case TRANSACTION:
                    found = plan.transaction == null || !Envelope.isStruct(plan.transaction)
                            ? null : plan.transaction.schema().field(meta.name);
                    break;
                default:
                    break;
            }
            if (found == null) {
                throw new DataException(FlattenConfig.METADATA_FIELDS + " entry '" + meta.spec + "' names a field "
                        + "that envelope schema '" + envelope.name() + "' does not have");
            }
            return found;
        }

        private static void requireFree(SchemaBuilder builder, String name, String option) {
            if (builder.field(name) != null) {
                throw new DataException("the row already has a field '" + name + "', which " + option
                        + " would add; choose another name (aliases or " + FlattenConfig.METADATA_PREFIX + ")");
            }
        }

        private static void collectColumns(Schema schema, Field[] parents, String namePrefix, boolean optional,
                FlattenConfig config, List<Field[]> paths, List<String> names, List<Schema> schemas) {
            for (Field field : schema.fields()) {
                Field[] path = java.util.Arrays.copyOf(parents, parents.length + 1);
                path[parents.length] = field;
                String name = namePrefix + field.name();
                if (config.nestedFlatten && field.schema().type() == Schema.Type.STRUCT) {
                    collectColumns(field.schema(), path, name + config.nestedDelimiter,
                            optional || field.schema().isOptional(), config, paths, names, schemas);
                } else {
                    paths.add(path);
                    names.add(name);
                    schemas.add(optional && !field.schema().isOptional() ? optionalCopy(field.schema()) : field.schema());
                }
            }
        }

        /** The same schema made optional (metadata may be absent on some records; nested parents may be null). */
        static Schema optionalCopy(Schema schema) {
            if (schema.isOptional()) {
                return schema;
            }
            SchemaBuilder builder;
            switch (schema.type()) {
                case ARRAY:
                    builder = SchemaUtil.copySchemaBasics(schema, SchemaBuilder.array(schema.valueSchema()));
                    break;
                case MAP:
                    builder = SchemaUtil.copySchemaBasics(schema,
                            SchemaBuilder.map(schema.keySchema(), schema.valueSchema()));
                    break;
                case STRUCT:
                    builder = SchemaUtil.copySchemaBasics(schema, SchemaBuilder.struct());
                    for (Field field : schema.fields()) {
                        builder.field(field.name(), field.schema());
                    }
                    break;
                default:
                    builder = SchemaUtil.copySchemaBasics(schema);
                    break;
            }
            if (schema.defaultValue() != null) {
                builder.defaultValue(schema.defaultValue());
            }
            return builder.optional().build();
        }

        /**
         * The name of the first column of {@code image} that holds {@code placeholder} (as text, or as its UTF-8
         * bytes, which is how Debezium writes it into a bytea column), or null when none does.
         */
        String placeholderColumn(Struct image, String placeholder, byte[] placeholderBytes) {
            for (int i : toastable) {
                Object value = image.get(columnIn[i]);
                if (value instanceof String ? placeholder.equals(value)
                        : value instanceof byte[] ? java.util.Arrays.equals((byte[]) value, placeholderBytes)
                        : value instanceof java.nio.ByteBuffer
                                && java.nio.ByteBuffer.wrap(placeholderBytes).equals(value)) {
                    return columnIn[i].name();
                }
            }
            return null;
        }

        /** Builds the output row. The input image is only read. */
        Struct build(Struct image, Struct envelope, boolean deleted, Headers headers) {
            Struct out = new Struct(outputSchema);
            for (int i = 0; i < columnIn.length; i++) {
                Object value;
                Field[] nested = columnNestedPath[i];
                if (nested == null) {
                    value = read(image, columnIn[i], columnHasDefault[i]);
                } else {
                    value = image;
                    for (int p = 0; p < nested.length && value != null; p++) {
                        value = read((Struct) value, nested[p], p == nested.length - 1 && columnHasDefault[i]);
                    }
                }
                out.put(columnOut[i], value);
            }
            if (deletedOut != null) {
                out.put(deletedOut, deleted ? deletedTrue : deletedFalse);
            }
            addMetadata(envelope, out, headers);
            for (int i = 0; i < extraIn.length; i++) {
                out.put(extraOut[i], envelope.get(extraIn[i]));
            }
            return out;
        }

        /** Metadata into the output row, or into the headers when that is the target. */
        void addMetadata(Struct envelope, Struct out, Headers headers) {
            if (metaIn.length == 0) {
                return;
            }
            Struct sourceStruct = null;
            Struct transactionStruct = null;
            for (int i = 0; i < metaIn.length; i++) {
                Object value;
                switch (metaBlock[i]) {
                    case FROM_ENVELOPE:
                        value = envelope.get(metaIn[i]);
                        break;
                    case FROM_SOURCE:
                        if (sourceStruct == null) {
                            sourceStruct = (Struct) envelope.get(sourceField);
                        }
                        value = sourceStruct == null ? null : sourceStruct.get(metaIn[i]);
                        break;
                    default:
                        if (transactionStruct == null) {
                            transactionStruct = (Struct) envelope.get(transactionField);
                        }
                        value = transactionStruct == null ? null : transactionStruct.get(metaIn[i]);
                        break;
                }
                if (toFields) {
                    out.put(metaOut[i], value);
                } else {
                    headers.add(metaHeader[i], value, metaHeaderSchema[i]);
                }
            }
        }

        private Object read(Struct struct, Field field, boolean hasDefault) {
            if (hasDefault && !replaceNullWithDefault) {
                return struct.getWithoutDefault(field.name());
            }
            return struct.get(field);
        }
    }
}
