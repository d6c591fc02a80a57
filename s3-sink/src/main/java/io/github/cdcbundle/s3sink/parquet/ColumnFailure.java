package io.github.cdcbundle.s3sink.parquet;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A value that cannot be carried into its Parquet column. The field path is collected while the failure unwinds, so
 * the happy path carries no context; the message names the Connect type and the Parquet type, never the value.
 */
public final class ColumnFailure extends RuntimeException {
    private final Deque<String> path = new ArrayDeque<>();
    private final String types;
    private final String reason;

    ColumnFailure(String types, String reason) {
        super(reason, null, false, false);
        this.types = types;
        this.reason = reason;
    }

    ColumnFailure within(String segment) {
        path.addFirst(segment);
        return this;
    }

    /** "field 'a.b[2]' (Connect type → Parquet type): reason". */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (String segment : path) {
            if (sb.length() > 0 && !segment.startsWith("[")) {
                sb.append('.');
            }
            sb.append(segment);
        }
        return (sb.length() == 0 ? "the value" : "field '" + sb + "'") + " (" + types + "): " + reason;
    }
}
