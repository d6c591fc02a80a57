package io.github.cdcbundle.smt;

import io.github.cdcbundle.smt.RdsMetadataConfig.Entry;
import io.github.cdcbundle.smt.RdsMetadataConfig.MetadataKey;
import io.github.cdcbundle.smt.internal.Envelope;
import java.util.List;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.transforms.util.SchemaUtil;

/**
 * What {@link RdsMetadata} does with records of one schema, worked out once.
 *
 * <p>On a change envelope the metadata is appended to the envelope's top level, where the flatten transform picks
 * it up (it carries top-level fields with the metadata prefix into the row). The row images are not copied, but
 * Struct.put validates every nested struct again, so this costs about one row copy. On a flat row (this transform after flatten) the source block is gone; values
 * that come from it must already be in the row (flatten's metadata.fields under the same names) and are left as
 * they are, and only the configured values (instance, region, endpoint type) are added.
 */
final class RdsPlan {
    /** Records of this schema pass through: Debezium's own heartbeat and metadata records. */
    static final RdsPlan PASS = new RdsPlan();

    final Schema outputSchema;
    private final Field[] copyIn;
    private final Field[] copyOut;
    private final Field sourceField;
    private final Field captureField;
    /** Per entry: the output field (fields target), or null when the entry is already there or goes to headers. */
    private final Field[] entryOut;
    /** Per entry: where the value comes from: a source block field, the envelope field, a row field, or constant. */
    private final Field[] entryIn;
    private final int[] entryFrom;
    private final Object[] constants;
    private final String[] headerNames;
    private final Schema[] headerSchemas;
    private final boolean toHeaders;

    private static final int CONSTANT = 0;
    private static final int SOURCE = 1;
    private static final int ENVELOPE = 2;
    private static final int ROW = 3;
    private static final int PRESENT = 4;

    private RdsPlan() {
        outputSchema = null;
        copyIn = copyOut = entryOut = entryIn = null;
        sourceField = captureField = null;
        entryFrom = null;
        constants = null;
        headerNames = null;
        headerSchemas = null;
        toHeaders = false;
    }

    private RdsPlan(Schema schema, boolean envelope, RdsMetadataConfig config) {
        toHeaders = config.target == RdsMetadataConfig.Target.HEADERS;
        sourceField = envelope ? schema.field(Envelope.SOURCE) : null;
        captureField = envelope ? schema.field("ts_ms") : null;
        List<Entry> entries = config.entries;
        int n = entries.size();
        entryIn = new Field[n];
        entryFrom = new int[n];
        constants = new Object[n];
        headerNames = new String[n];
        headerSchemas = new Schema[n];
        SchemaBuilder builder = toHeaders ? null : SchemaUtil.copySchemaBasics(schema, SchemaBuilder.struct());
        if (builder != null) {
            for (Field field : schema.fields()) {
                builder.field(field.name(), field.schema());
            }
        }
        for (int i = 0; i < n; i++) {
            Entry entry = entries.get(i);
            Schema valueSchema;
            headerNames[i] = entry.outputName();
            Field existing = schema.field(entry.outputName());
            if (entry.key().sourceField == null && entry.key() != MetadataKey.CAPTURE_TS_MS) {
                entryFrom[i] = CONSTANT;
                constants[i] = constant(entry.key(), config);
                valueSchema = Schema.OPTIONAL_STRING_SCHEMA;
            } else if (envelope && entry.key() == MetadataKey.CAPTURE_TS_MS) {
                if (captureField == null) {
                    throw new DataException("capture_ts_ms needs the envelope field 'ts_ms', which schema '"
                            + schema.name() + "' lacks");
                }
                entryFrom[i] = ENVELOPE;
                entryIn[i] = captureField;
                valueSchema = FlattenPlan.RowPlan.optionalCopy(captureField.schema());
            } else if (envelope) {
                Field in = sourceField.schema().field(entry.key().sourceField);
                if (in == null) {
                    throw new DataException(RdsMetadataConfig.FIELDS + " entry '" + entry.key().external + "' needs the "
                            + "source field '" + entry.key().sourceField + "', which the source block of schema '"
                            + schema.name() + "' lacks; remove it from " + RdsMetadataConfig.FIELDS);
                }
                entryFrom[i] = SOURCE;
                entryIn[i] = in;
                valueSchema = FlattenPlan.RowPlan.optionalCopy(in.schema());
            } else {
                if (existing == null) {
                    throw new DataException("'" + entry.key().external + "' comes from the Debezium source block, which "
                            + "this record no longer has (schema '" + schema.name() + "' is a flat row without a field '"
                            + entry.outputName() + "'): put this transform before the flatten transform, or list "
                            + "the field in the flatten transform's metadata.fields as '"
                            + (entry.key() == MetadataKey.CAPTURE_TS_MS ? "ts_ms" : "source." + entry.key().sourceField) + ":"
                            + entry.outputName() + "'");
                }
                entryFrom[i] = toHeaders ? ROW : PRESENT;
                entryIn[i] = existing;
                valueSchema = existing.schema();
            }
            headerSchemas[i] = valueSchema;
            if (builder != null && entryFrom[i] != PRESENT) {
                if (existing != null) {
                    throw new DataException("schema '" + schema.name() + "' already has a field '" + entry.outputName()
                            + "'; give the entry '" + entry.key().external + "' of " + RdsMetadataConfig.FIELDS
                            + " an alias or change " + RdsMetadataConfig.PREFIX);
                }
                builder.field(entry.outputName(), valueSchema);
            }
        }
        outputSchema = builder == null ? schema : builder.build();
        copyIn = schema.fields().toArray(new Field[0]);
        copyOut = new Field[copyIn.length];
        entryOut = new Field[n];
        if (builder != null) {
            for (int i = 0; i < copyIn.length; i++) {
                copyOut[i] = outputSchema.field(copyIn[i].name());
            }
            for (int i = 0; i < n; i++) {
                entryOut[i] = entryFrom[i] == PRESENT ? null : outputSchema.field(headerNames[i]);
            }
        }
    }

    static RdsPlan of(Schema schema, RdsMetadataConfig config) {
        if (schema.type() != Schema.Type.STRUCT) {
            return PASS;
        }
        if (Envelope.claimsEnvelope(schema)) {
            Field source = schema.field(Envelope.SOURCE);
            if (!Envelope.isStruct(source)) {
                throw new DataException("schema '" + schema.name() + "' looks like a change envelope but has no "
                        + "STRUCT field '" + Envelope.SOURCE + "'");
            }
            return new RdsPlan(schema, true, config);
        }
        String name = schema.name();
        if (name != null && name.startsWith("io.debezium.")) {
            return PASS;
        }
        return new RdsPlan(schema, false, config);
    }

    private static Object constant(MetadataKey key, RdsMetadataConfig config) {
        switch (key) {
            case INSTANCE:
                return config.instance;
            case REGION:
                return config.region;
            default:
                return config.endpointType;
        }
    }

    /** Applies the plan; returns the value to use (the input itself when only headers change). */
    Struct apply(Struct value, Headers headers) {
        Struct source = sourceField == null ? null : (Struct) value.get(sourceField);
        if (toHeaders) {
            for (int i = 0; i < entryFrom.length; i++) {
                headers.add(headerNames[i], valueOf(i, value, source), headerSchemas[i]);
            }
            return value;
        }
        Struct out = new Struct(outputSchema);
        for (int i = 0; i < copyIn.length; i++) {
            Field in = copyIn[i];
            out.put(copyOut[i], in.schema().defaultValue() == null ? value.get(in) : value.getWithoutDefault(in.name()));
        }
        for (int i = 0; i < entryOut.length; i++) {
            if (entryOut[i] != null) {
                out.put(entryOut[i], valueOf(i, value, source));
            }
        }
        return out;
    }

    private Object valueOf(int i, Struct value, Struct source) {
        switch (entryFrom[i]) {
            case CONSTANT:
                return constants[i];
            case SOURCE:
                return source == null ? null : source.get(entryIn[i]);
            default:
                return value.get(entryIn[i]);
        }
    }
}
