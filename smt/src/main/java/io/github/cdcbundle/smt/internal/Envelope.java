package io.github.cdcbundle.smt.internal;

import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;

/** What a Debezium change envelope is, shared by both transforms. */
public final class Envelope {
    public static final String BEFORE = "before";
    public static final String AFTER = "after";
    public static final String SOURCE = "source";
    public static final String OP = "op";
    public static final String TRANSACTION = "transaction";

    /** Envelope fields Debezium itself writes; anything else at the top level was added by a transform. */
    public static final Set<String> STANDARD_FIELDS =
            Set.of(BEFORE, AFTER, SOURCE, OP, "ts_ms", "ts_us", "ts_ns", TRANSACTION);

    public enum Op { CREATE, READ, UPDATE, DELETE, TRUNCATE, MESSAGE }

    private Envelope() {
    }

    /** Parses Debezium's one-letter operation; null for anything else (the caller reports it). */
    public static Op op(Object value) {
        if (!(value instanceof String)) {
            return null;
        }
        String s = (String) value;
        if (s.length() != 1) {
            return null;
        }
        switch (s.charAt(0)) {
            case 'c': return Op.CREATE;
            case 'r': return Op.READ;
            case 'u': return Op.UPDATE;
            case 'd': return Op.DELETE;
            case 't': return Op.TRUNCATE;
            case 'm': return Op.MESSAGE;
            default: return null;
        }
    }

    /**
     * Whether a schema claims to be a change envelope: Debezium names it {@code <topic>.Envelope}, and every
     * envelope has {@code op} next to a {@code before} or {@code after} image. A flat row that merely has a column
     * called {@code op} is not one. Whether the claim holds is checked by the caller, which can say what is wrong.
     */
    public static boolean claimsEnvelope(Schema schema) {
        if (schema.type() != Schema.Type.STRUCT) {
            return false;
        }
        String name = schema.name();
        if (name != null && name.endsWith(".Envelope")) {
            return true;
        }
        return schema.field(OP) != null && (schema.field(BEFORE) != null || schema.field(AFTER) != null);
    }

    public static boolean claimsEnvelope(Map<?, ?> value) {
        return value.containsKey(OP) && (value.containsKey(BEFORE) || value.containsKey(AFTER));
    }

    public static boolean isStruct(Field field) {
        return field != null && field.schema().type() == Schema.Type.STRUCT;
    }
}
