package io.github.cdcbundle.smt;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.ConfigException;

/**
 * Debezium's ExtractNewRecordState option names, accepted by our flatten transform so that a connector moving from
 * Debezium's SMT keeps its configuration: {@code add.fields}, {@code add.fields.prefix} and
 * {@code delete.tombstone.handling.mode}. Each becomes our option(s) of the same meaning before the config is parsed.
 * A Debezium name given with its mode also makes the deleted flag a "true"/"false" string unless
 * {@code deleted.field.type} says otherwise: that is what Debezium writes, and what the user's readers expect.
 * Our own name and Debezium's for the same thing with different values is an error naming both.
 */
final class DebeziumAliases {
    static final String ADD_FIELDS = "add.fields";
    static final String ADD_FIELDS_PREFIX = "add.fields.prefix";
    static final String DELETE_TOMBSTONE_HANDLING_MODE = "delete.tombstone.handling.mode";

    private DebeziumAliases() {
    }

    static Map<Object, Object> apply(Map<?, ?> originals) {
        Map<Object, Object> config = new LinkedHashMap<>(originals);
        rename(config, ADD_FIELDS, FlattenConfig.METADATA_FIELDS);
        rename(config, ADD_FIELDS_PREFIX, FlattenConfig.METADATA_PREFIX);
        Object mode = config.remove(DELETE_TOMBSTONE_HANDLING_MODE);
        if (mode != null) {
            String[] ours = modeToOurs(mode.toString());
            put(config, DELETE_TOMBSTONE_HANDLING_MODE, FlattenConfig.DELETE_HANDLING, ours[0]);
            put(config, DELETE_TOMBSTONE_HANDLING_MODE, FlattenConfig.TOMBSTONE_HANDLING, ours[1]);
            config.putIfAbsent(FlattenConfig.DELETED_FIELD_TYPE, "string");
        }
        return config;
    }

    /** Debezium's mode as our (delete.handling, tombstone.handling). */
    private static String[] modeToOurs(String mode) {
        switch (mode.trim().toLowerCase(Locale.ROOT)) {
            case "drop":
                return new String[] {"drop", "drop"};
            case "tombstone":
                return new String[] {"tombstone", "drop"};
            case "rewrite":
                return new String[] {"rewrite", "drop"};
            case "rewrite-with-tombstone":
                return new String[] {"rewrite", "keep"};
            case "delete-to-tombstone":
                return new String[] {"tombstone", "drop"};
            default:
                throw new ConfigException(DELETE_TOMBSTONE_HANDLING_MODE, mode, "must be one of drop, tombstone, "
                        + "rewrite, rewrite-with-tombstone, delete-to-tombstone (Debezium's values; our own options are "
                        + FlattenConfig.DELETE_HANDLING + " and " + FlattenConfig.TOMBSTONE_HANDLING + ")");
        }
    }

    private static void rename(Map<Object, Object> config, String debezium, String ours) {
        Object value = config.remove(debezium);
        if (value != null) {
            put(config, debezium, ours, value);
        }
    }

    private static void put(Map<Object, Object> config, String debezium, String ours, Object value) {
        Object existing = config.get(ours);
        if (existing != null && !normalized(existing).equals(normalized(value))) {
            throw new ConfigException(debezium, value, "conflicts with " + ours + ", which is set differently; "
                    + debezium + " is Debezium's name for it: set one of the two");
        }
        config.put(ours, value);
    }

    private static String normalized(Object value) {
        return Objects.toString(value).trim().toLowerCase(Locale.ROOT);
    }
}
