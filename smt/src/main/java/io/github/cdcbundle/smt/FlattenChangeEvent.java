package io.github.cdcbundle.smt;

import io.github.cdcbundle.smt.internal.Envelope;
import io.github.cdcbundle.smt.internal.Errors;
import io.github.cdcbundle.smt.internal.RecordSide;
import io.github.cdcbundle.smt.internal.MetadataField;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Headers;

/**
 * Turns a Debezium change event into the row it describes, in one pass: the {@code after} image (or, for deletes,
 * the {@code before} image with a deleted flag), plus chosen change metadata as fields or headers.
 *
 * <p>Records that are not change envelopes (heartbeats, schema changes, transaction metadata, truncate and message
 * events, already-flat rows) pass through untouched. The key is never touched. Debezium keys are never envelopes, so
 * only the {@link Value} variant exists.
 */
public abstract class FlattenChangeEvent<R extends ConnectRecord<R>> extends PlannedTransform<R, FlattenPlan> {

    public static final String OVERVIEW_DOC = "Flattens a Debezium change event (before/after/source/op) into the "
            + "row: the after image for creates, reads and updates; for deletes the before image with a deleted flag, "
            + "a tombstone, or nothing. Copies chosen change metadata (op, commit time, LSN, transaction, ...) into "
            + "the row or its headers, optionally flattens struct columns, and passes other records through.";

    public static final ConfigDef CONFIG_DEF = FlattenConfig.CONFIG_DEF;

    private static final String PURPOSE = "change event flattening";

    private FlattenConfig config;
    private boolean failOnPlaceholder;
    private byte[] placeholderBytes;

    /** The transform working on {@code side} of each record; see the nested {@code Value}. */
    FlattenChangeEvent(RecordSide side) {
        super(side, PURPOSE);
    }

    @Override
    public void configure(Map<String, ?> configs) {
        FlattenConfig parsed = new FlattenConfig(configs);
        config = parsed;
        failOnPlaceholder = parsed.unchangedToastHandling == FlattenConfig.UnchangedToastHandling.FAIL;
        placeholderBytes = parsed.unavailableValuePlaceholder.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        planWith(parsed.schemaCacheSize, schema -> FlattenPlan.of(schema, parsed));
    }

    /** Debezium's tombstone after a delete: kept or dropped as tombstone.handling says. */
    @Override
    R applyNull(R record) {
        return config.tombstoneHandling == FlattenConfig.TombstoneHandling.KEEP ? record : null;
    }

    @Override
    R applyStruct(R record, Struct value, FlattenPlan plan) {
        return plan.isEnvelope() ? applyEnvelope(record, value, plan) : record;
    }

    private R applyEnvelope(R record, Struct envelope, FlattenPlan plan) {
        Object opValue = envelope.get(plan.op);
        Envelope.Op op = Envelope.op(opValue);
        if (op == null) {
            throw badOp(record, opValue);
        }
        Struct image;
        FlattenPlan.RowPlan rowPlan;
        boolean deleted = false;
        switch (op) {
            case CREATE:
            case READ:
            case UPDATE:
                image = plan.after == null ? null : (Struct) envelope.get(plan.after);
                if (image == null) {
                    throw missingImage(record, Envelope.AFTER, op);
                }
                rowPlan = plan.afterPlan;
                if (op == Envelope.Op.UPDATE && failOnPlaceholder) {
                    String column = rowPlan.placeholderColumn(image, config.unavailableValuePlaceholder,
                            placeholderBytes);
                    if (column != null) {
                        throw unsentToast(record, column, tableOf(envelope, plan));
                    }
                }
                break;
            case DELETE:
                if (config.deleteHandling != FlattenConfig.DeleteHandling.REWRITE) {
                    return dropOrTombstone(record);
                }
                image = plan.before == null ? null : (Struct) envelope.get(plan.before);
                if (image == null) {
                    throw missingImage(record, Envelope.BEFORE, op);
                }
                rowPlan = plan.beforePlan;
                deleted = true;
                break;
            default:
                return record; // truncate and message events carry no row
        }
        Headers headers = record.headers().duplicate();
        if (rowPlan.passImage) {
            rowPlan.addMetadata(envelope, null, headers);
            return side.newRecord(record, image.schema(), image, headers);
        }
        Struct row = rowPlan.build(image, envelope, deleted, headers);
        return side.newRecord(record, rowPlan.outputSchema, row, headers);
    }

    @Override
    R applySchemaless(R record, Map<?, ?> envelope) {
        if (!Envelope.claimsEnvelope(envelope)) {
            return record;
        }
        Object opValue = envelope.get(Envelope.OP);
        Envelope.Op op = Envelope.op(opValue);
        if (op == null) {
            throw badOp(record, opValue);
        }
        Object image;
        boolean deleted = false;
        switch (op) {
            case CREATE:
            case READ:
            case UPDATE:
                image = envelope.get(Envelope.AFTER);
                if (image == null) {
                    throw missingImage(record, Envelope.AFTER, op);
                }
                if (op == Envelope.Op.UPDATE && failOnPlaceholder && image instanceof Map) {
                    for (Map.Entry<?, ?> column : ((Map<?, ?>) image).entrySet()) {
                        if (config.unavailableValuePlaceholder.equals(column.getValue())) {
                            Object source = envelope.get(Envelope.SOURCE);
                            throw unsentToast(record, String.valueOf(column.getKey()), source instanceof Map
                                    ? ((Map<?, ?>) source).get("schema") + "." + ((Map<?, ?>) source).get("table")
                                    : null);
                        }
                    }
                }
                break;
            case DELETE:
                if (config.deleteHandling != FlattenConfig.DeleteHandling.REWRITE) {
                    return dropOrTombstone(record);
                }
                image = envelope.get(Envelope.BEFORE);
                if (image == null) {
                    throw missingImage(record, Envelope.BEFORE, op);
                }
                deleted = true;
                break;
            default:
                return record;
        }
        if (!(image instanceof Map)) {
            throw new DataException("[" + PURPOSE + "] field '" + (deleted ? Envelope.BEFORE : Envelope.AFTER)
                    + "' of a schemaless change envelope must be a map, found " + Errors.typeOf(image)
                    + " (" + Errors.coordinates(record) + ")");
        }
        Object source = envelope.get(Envelope.SOURCE);
        Object transaction = envelope.get(Envelope.TRANSACTION);
        Map<String, Object> row = new LinkedHashMap<>();
        copyColumns((Map<?, ?>) image, "", row);
        if (config.deleteHandling == FlattenConfig.DeleteHandling.REWRITE) {
            boolean bool = config.deletedFieldType == FlattenConfig.FlagType.BOOLEAN;
            row.put(config.deletedField, bool ? (Object) deleted : Boolean.toString(deleted));
        }
        Headers headers = record.headers().duplicate();
        for (MetadataField meta : config.metadataFields) {
            Object metaValue = schemalessMetadata(meta, envelope, source, transaction);
            if (config.metadataTarget == FlattenConfig.Target.FIELDS) {
                row.put(meta.outputName, metaValue);
            } else {
                headers.add(meta.outputName, metaValue, null);
            }
        }
        if (!config.metadataPrefix.isEmpty()) {
            for (Map.Entry<?, ?> entry : envelope.entrySet()) {
                String key = String.valueOf(entry.getKey());
                if (!Envelope.STANDARD_FIELDS.contains(key) && key.startsWith(config.metadataPrefix)) {
                    row.put(key, entry.getValue());
                }
            }
        }
        return side.newRecord(record, null, row, headers);
    }

    private void copyColumns(Map<?, ?> image, String prefix, Map<String, Object> row) {
        for (Map.Entry<?, ?> entry : image.entrySet()) {
            String name = prefix + entry.getKey();
            if (config.nestedFlatten && entry.getValue() instanceof Map) {
                copyColumns((Map<?, ?>) entry.getValue(), name + config.nestedDelimiter, row);
            } else {
                row.put(name, entry.getValue());
            }
        }
    }

    private static Object schemalessMetadata(MetadataField meta, Map<?, ?> envelope, Object source,
            Object transaction) {
        switch (meta.block) {
            case SOURCE:
                return source instanceof Map ? ((Map<?, ?>) source).get(meta.name) : null;
            case TRANSACTION:
                return transaction instanceof Map ? ((Map<?, ?>) transaction).get(meta.name) : null;
            default:
                if (Envelope.STANDARD_FIELDS.contains(meta.name) && envelope.containsKey(meta.name)) {
                    return envelope.get(meta.name);
                }
                return source instanceof Map ? ((Map<?, ?>) source).get(meta.name) : null;
        }
    }

    private static DataException badOp(ConnectRecord<?> record, Object op) {
        return new DataException("[" + PURPOSE + "] field '" + Envelope.OP + "' must be one of c, r, u, d, t, m; found "
                + (op instanceof String ? "an unknown operation code of length " + ((String) op).length()
                        : Errors.typeOf(op)) + " (" + Errors.coordinates(record) + ")");
    }

    /** A delete under delete.handling=drop (null: no record) or tombstone (the key with a null value). */
    private R dropOrTombstone(R record) {
        return config.deleteHandling == FlattenConfig.DeleteHandling.DROP ? null
                : side.newRecord(record, null, null, record.headers().duplicate());
    }

    /** The source block's schema.table, or null when the envelope does not say. */
    private static String tableOf(Struct envelope, FlattenPlan plan) {
        Struct source = plan.source == null ? null : (Struct) envelope.get(plan.source);
        if (source == null || source.schema().field("schema") == null || source.schema().field("table") == null) {
            return null;
        }
        return source.get("schema") + "." + source.get("table");
    }

    private DataException unsentToast(ConnectRecord<?> record, String column, String table) {
        String name = table == null ? "the table" : table;
        return new DataException("[" + PURPOSE + "] column '" + column + "' of " + name + " holds Debezium's "
                + "placeholder for a large (TOASTed) value that an UPDATE left unchanged and PostgreSQL did not send, "
                + "because the table's REPLICA IDENTITY is not FULL. Run ALTER TABLE " + (table == null ? "<table>"
                        : table) + " REPLICA IDENTITY FULL so updates carry every column; to let this record through "
                + "with the placeholder, set " + FlattenConfig.UNCHANGED_TOAST_HANDLING + "=placeholder ("
                + Errors.coordinates(record) + ")");
    }

    private static DataException missingImage(ConnectRecord<?> record, String field, Envelope.Op op) {
        String hint = Envelope.BEFORE.equals(field)
                ? "; set REPLICA IDENTITY (DEFAULT or FULL) on the table so deletes carry the old row, or set "
                        + FlattenConfig.DELETE_HANDLING + " to tombstone or drop"
                : "";
        return new DataException("[" + PURPOSE + "] field '" + field + "' is null on a " + op.name().toLowerCase()
                + " event" + hint + " (" + Errors.coordinates(record) + ")");
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    /** Flattens record values. */
    public static final class Value<R extends ConnectRecord<R>> extends FlattenChangeEvent<R> {
        public Value() {
            super(RecordSide.VALUE);
        }
    }
}
