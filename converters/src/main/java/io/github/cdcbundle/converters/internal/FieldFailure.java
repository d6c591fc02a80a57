package io.github.cdcbundle.converters.internal;

import io.github.cdcbundle.common.FieldPath;
import org.apache.kafka.connect.data.Schema;

/**
 * A value that could not be rendered. The path to the field is collected while the failure unwinds through the
 * enclosing structs, so the happy path carries no context at all. The message names the schema and the Java type of
 * the value, never the value.
 */
public final class FieldFailure extends RuntimeException {
    private final FieldPath path = new FieldPath();
    private final String schemaDescription;
    private final String reason;

    public FieldFailure(Schema schema, String reason) {
        super(reason, null, false, false);
        this.schemaDescription = describe(schema);
        this.reason = reason;
    }

    public static FieldFailure mismatch(Schema schema, Object value) {
        return new FieldFailure(schema, "the value is a " + (value == null ? "null" : value.getClass().getName())
                + ", which this schema does not allow; the record's schema does not match its value (check the "
                + "transforms and converter before this one)");
    }

    /** The failure as a FieldFailure: ClassCastException means a value that does not fit its schema. */
    public static FieldFailure of(RuntimeException e, Schema schema, Object value) {
        if (e instanceof FieldFailure) {
            return (FieldFailure) e;
        }
        if (e instanceof ClassCastException) {
            return mismatch(schema, value);
        }
        // Exception messages may quote the value (NumberFormatException does): only the exception's type is kept.
        return new FieldFailure(schema, "the value cannot be rendered (" + e.getClass().getSimpleName() + ")");
    }

    public FieldFailure within(String segment) {
        path.enclosedBy(segment);
        return this;
    }

    public String describe() {
        return describe("render");
    }

    /** The message for a failure while {@code verb}ing (render, or read on the sink side). */
    public String describe(String verb) {
        String where = path.isEmpty() ? "the top-level value" : "field '" + path + "'";
        return "Cannot " + verb + " " + where + " (" + schemaDescription + "): " + reason;
    }

    static String describe(Schema schema) {
        if (schema == null) {
            return "schemaless";
        }
        return schema.name() == null ? schema.type().toString() : schema.name() + ", " + schema.type();
    }
}
