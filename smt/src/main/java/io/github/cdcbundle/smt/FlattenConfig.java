package io.github.cdcbundle.smt;

import static io.github.cdcbundle.common.ConfigParsers.enumValidator;
import static io.github.cdcbundle.common.ConfigParsers.external;
import static io.github.cdcbundle.common.ConfigParsers.parseEnum;
import static io.github.cdcbundle.common.ConfigParsers.validator;

import io.github.cdcbundle.smt.internal.MetadataField;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/** Options of {@link FlattenChangeEvent}, parsed once in configure(). */
public final class FlattenConfig extends AbstractConfig {

    /** What becomes of a delete event ({@code op=d}). */
    public enum DeleteHandling { REWRITE, TOMBSTONE, DROP }

    /** What becomes of the tombstone Debezium emits after each delete. */
    public enum TombstoneHandling { DROP, KEEP }

    /** Where the metadata fields go. */
    public enum Target { FIELDS, HEADERS }

    /** The type of the deleted flag; {@code string} writes "true"/"false" as Debezium's rewrite mode does. */
    public enum FlagType { BOOLEAN, STRING }

    /** What becomes of an update whose row holds Debezium's placeholder for a TOASTed value PostgreSQL did not send. */
    public enum UnchangedToastHandling { FAIL, PLACEHOLDER }

    public static final String DELETE_HANDLING = "delete.handling";
    public static final String TOMBSTONE_HANDLING = "tombstone.handling";
    public static final String DELETED_FIELD = "deleted.field";
    public static final String DELETED_FIELD_TYPE = "deleted.field.type";
    public static final String METADATA_FIELDS = "metadata.fields";
    public static final String METADATA_PREFIX = "metadata.prefix";
    public static final String METADATA_TARGET = "metadata.target";
    public static final String NESTED_FLATTEN = "nested.flatten";
    public static final String NESTED_DELIMITER = "nested.delimiter";
    public static final String REPLACE_NULL_WITH_DEFAULT = "replace.null.with.default";
    public static final String SCHEMA_CACHE_SIZE = "schema.cache.size";
    public static final String UNCHANGED_TOAST_HANDLING = "unchanged.toast.handling";
    public static final String UNAVAILABLE_VALUE_PLACEHOLDER = "unavailable.value.placeholder";
    /** Debezium's default for its connector option of the same name. */
    public static final String DEBEZIUM_PLACEHOLDER = "__debezium_unavailable_value";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(DELETE_HANDLING, Type.STRING, external(DeleteHandling.REWRITE),
                    enumValidator(DeleteHandling.class), Importance.HIGH,
                    "What a delete event becomes. 'rewrite': the row as it was before the delete, with the deleted "
                            + "flag set (every other row carries the flag unset), so sinks that reject null values "
                            + "(S3, most warehouses) keep the delete. 'tombstone': a record with a null value, for "
                            + "compacted topics. 'drop': nothing.")
            .define(TOMBSTONE_HANDLING, Type.STRING, external(TombstoneHandling.DROP),
                    enumValidator(TombstoneHandling.class), Importance.MEDIUM,
                    "What becomes of the tombstone (null value) Debezium emits after each delete: 'drop' or 'keep' "
                            + "(keep it for log compaction).")
            .define(DELETED_FIELD, Type.STRING, "__deleted", nonBlank(), Importance.MEDIUM,
                    "Name of the deleted flag field added when delete.handling=rewrite.")
            .define(DELETED_FIELD_TYPE, Type.STRING, external(FlagType.BOOLEAN),
                    enumValidator(FlagType.class), Importance.LOW,
                    "Type of the deleted flag: 'boolean', or 'string' (\"true\"/\"false\", as Debezium's "
                            + "ExtractNewRecordState writes it, for drop-in compatibility).")
            .define(METADATA_FIELDS, Type.LIST, "op,source.ts_ms", metadataFields(), Importance.HIGH,
                    "Change metadata copied into the row (or headers): a list of [source.|transaction.]field[:alias]. "
                            + "A bare name is the envelope's field (op, ts_ms, ts_us, ts_ns) if it has one, else the "
                            + "source block's (lsn, txId, db, schema, table, snapshot, ...). Output names are the "
                            + "prefix plus the name, with 'source_' or 'transaction_' before qualified names "
                            + "(source.ts_ms -> __source_ts_ms), as Debezium names them; ':alias' sets a name.")
            .define(METADATA_PREFIX, Type.STRING, "__", Importance.LOW,
                    "Prefix of metadata field and header names. Top-level envelope fields whose names start with "
                            + "it (added by a transform before this one, such as RdsMetadata) are carried into the "
                            + "row too.")
            .define(METADATA_TARGET, Type.STRING, external(Target.FIELDS), enumValidator(Target.class),
                    Importance.MEDIUM, "Where metadata goes: 'fields' of the row, or record 'headers'.")
            .define(NESTED_FLATTEN, Type.BOOLEAN, false, Importance.MEDIUM,
                    "Flatten struct columns into top-level fields named parent<delimiter>child (schemaless: nested "
                            + "maps). Arrays and maps are kept whole.")
            .define(NESTED_DELIMITER, Type.STRING, "_", nonBlank(), Importance.LOW,
                    "Delimiter between parent and child names when nested.flatten=true.")
            .define(REPLACE_NULL_WITH_DEFAULT, Type.BOOLEAN, false, Importance.LOW,
                    "Replace a null column value with the column's schema default, as Struct.get does. Off by "
                            + "default: a NULL in PostgreSQL stays null.")
            .define(SCHEMA_CACHE_SIZE, Type.INT, 64, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "How many derived schemas to keep (one per table and schema version).")
            .define(UNCHANGED_TOAST_HANDLING, Type.STRING, external(UnchangedToastHandling.FAIL),
                    enumValidator(UnchangedToastHandling.class), Importance.MEDIUM,
                    "An update that left a large (TOASTed) value unchanged on a table without REPLICA IDENTITY "
                            + "FULL: PostgreSQL does not send the value and Debezium writes its placeholder in the "
                            + "column. 'fail': fail the record, naming the table, the column and the fix (REPLICA "
                            + "IDENTITY FULL), so the placeholder never reaches a sink as if it were the value. "
                            + "'placeholder': pass the placeholder on, for consumers that treat it as 'unchanged'.")
            .define(UNAVAILABLE_VALUE_PLACEHOLDER, Type.STRING, DEBEZIUM_PLACEHOLDER, nonBlank(), Importance.LOW,
                    "The placeholder Debezium writes for a value PostgreSQL did not send: the connector's "
                            + "unavailable.value.placeholder, which this must equal if the connector sets it "
                            + "(a 'hex:' value is not supported here).");

    public final DeleteHandling deleteHandling;
    public final TombstoneHandling tombstoneHandling;
    public final String deletedField;
    public final FlagType deletedFieldType;
    public final List<MetadataField> metadataFields;
    public final String metadataPrefix;
    public final Target metadataTarget;
    public final boolean nestedFlatten;
    public final String nestedDelimiter;
    public final boolean replaceNullWithDefault;
    public final int schemaCacheSize;
    public final UnchangedToastHandling unchangedToastHandling;
    public final String unavailableValuePlaceholder;

    public FlattenConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, DebeziumAliases.apply(originals));
        deleteHandling = parseEnum(DeleteHandling.class, DELETE_HANDLING, getString(DELETE_HANDLING));
        tombstoneHandling = parseEnum(TombstoneHandling.class, TOMBSTONE_HANDLING, getString(TOMBSTONE_HANDLING));
        deletedField = getString(DELETED_FIELD).trim();
        deletedFieldType = parseEnum(FlagType.class, DELETED_FIELD_TYPE, getString(DELETED_FIELD_TYPE));
        metadataPrefix = getString(METADATA_PREFIX);
        metadataFields = MetadataField.parseList(METADATA_FIELDS, getList(METADATA_FIELDS), metadataPrefix);
        metadataTarget = parseEnum(Target.class, METADATA_TARGET, getString(METADATA_TARGET));
        nestedFlatten = getBoolean(NESTED_FLATTEN);
        nestedDelimiter = getString(NESTED_DELIMITER);
        replaceNullWithDefault = getBoolean(REPLACE_NULL_WITH_DEFAULT);
        schemaCacheSize = getInt(SCHEMA_CACHE_SIZE);
        unchangedToastHandling = parseEnum(UnchangedToastHandling.class, UNCHANGED_TOAST_HANDLING,
                getString(UNCHANGED_TOAST_HANDLING));
        unavailableValuePlaceholder = getString(UNAVAILABLE_VALUE_PLACEHOLDER);
        if (unavailableValuePlaceholder.startsWith("hex:")) {
            throw new ConfigException(UNAVAILABLE_VALUE_PLACEHOLDER, unavailableValuePlaceholder,
                    "a 'hex:' placeholder is not supported by this transform; use a text placeholder");
        }
        if (deleteHandling == DeleteHandling.REWRITE && metadataTarget == Target.FIELDS) {
            for (MetadataField field : metadataFields) {
                if (field.outputName.equals(deletedField)) {
                    throw new ConfigException(METADATA_FIELDS, field.spec,
                            "writes the field '" + deletedField + "', which " + DELETED_FIELD + " uses");
                }
            }
        }
    }

    private static ConfigDef.Validator nonBlank() {
        return validator("non-empty string", (name, value) -> {
            if (value == null || value.toString().trim().isEmpty()) {
                throw new ConfigException(name, value, "must not be empty");
            }
        });
    }

    /** Checks the list with the same parser configure() uses (the prefix is not known here; its value is moot). */
    @SuppressWarnings("unchecked")
    private static ConfigDef.Validator metadataFields() {
        return validator("list of [source.|transaction.]field[:alias]", (name, value) -> {
            if (value != null) {
                MetadataField.parseList(name, (List<String>) value, "__");
            }
        });
    }
}
