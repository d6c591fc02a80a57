package io.github.cdcbundle.common;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Where in a record's value a failure happened, as our error messages name it: {@code a.b[2].c}. A failure collects
 * it while it unwinds through the enclosing structs, arrays and maps, innermost first, so the happy path carries no
 * context at all. Belongs to one failure, so it needs no locking.
 */
public final class FieldPath {
    private final Deque<String> segments = new ArrayDeque<>();

    /** Prepends the enclosing value's segment: a field name, or {@code [index]} / {@code [key]} of an array or map. */
    public void enclosedBy(String segment) {
        segments.addFirst(segment);
    }

    public boolean isEmpty() {
        return segments.isEmpty();
    }

    /** The segments joined with '.', except before an {@code [index]} segment. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (String segment : segments) {
            if (sb.length() > 0 && !segment.startsWith("[")) {
                sb.append('.');
            }
            sb.append(segment);
        }
        return sb.toString();
    }
}
