package io.github.cdcbundle.s3sink.parquet;

import io.github.cdcbundle.common.FieldPath;

/**
 * A value that cannot be carried into its Parquet column. The field path is collected while the failure unwinds, so
 * the happy path carries no context; the message names the Connect type and the Parquet type, never the value.
 */
public final class ColumnFailure extends RuntimeException {
    private final FieldPath path = new FieldPath();
    private final String types;
    private final String reason;

    ColumnFailure(String types, String reason) {
        super(reason, null, false, false);
        this.types = types;
        this.reason = reason;
    }

    ColumnFailure within(String segment) {
        path.enclosedBy(segment);
        return this;
    }

    /** "field 'a.b[2]' (Connect type → Parquet type): reason". */
    public String describe() {
        return (path.isEmpty() ? "the value" : "field '" + path + "'") + " (" + types + "): " + reason;
    }
}
