package io.github.cdcbundle.debezium;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Reads PostgreSQL's text of an array ({@code {{a,"b c"},{NULL,"NULL"}}}, optionally after {@code [1:2][1:2]=}) into
 * nested lists whose leaves are each element's own text (or null), every dimension kept. This is what both of
 * Debezium's paths hold for any array type: the snapshot's {@code ResultSet.getArray} and pgoutput's column text are
 * both pgjdbc {@code PgArray}s whose {@code toString()} is that text. Errors name the position, never the value.
 */
final class ArrayText {
    private final String text;
    private final char delimiter;
    private final UnaryOperator<String> element;
    private int pos;

    private ArrayText(String text, char delimiter, UnaryOperator<String> element) {
        this.text = text;
        this.delimiter = delimiter;
        this.element = element;
    }

    /**
     * The array's elements, each sub-array a nested list, each element's text passed through {@code element}.
     *
     * @param delimiter the element type's typdelim: {@code ;} for {@code box}, {@code ,} for every other built-in
     */
    static List<Object> parse(String text, char delimiter, UnaryOperator<String> element) {
        ArrayText reader = new ArrayText(text, delimiter, element);
        if (text.startsWith("[")) {
            // explicit bounds, written when a lower bound is not 1: only the values matter here
            int equals = text.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException("array bounds without '='");
            }
            reader.pos = equals + 1;
        }
        List<Object> top = reader.array();
        reader.skipSpace();
        if (reader.pos != text.length()) {
            throw reader.unexpected();
        }
        return top;
    }

    private List<Object> array() {
        skipSpace();
        expect('{');
        skipSpace();
        if (peek() == '}') {
            pos++;
            return Collections.emptyList();
        }
        List<Object> items = new ArrayList<>();
        while (true) {
            skipSpace();
            char c = peek();
            if (c == '{') {
                items.add(array());
            } else if (c == '"') {
                items.add(element.apply(quoted()));
            } else {
                String bare = bare();
                items.add(bare.equalsIgnoreCase("NULL") ? null : element.apply(bare));
            }
            skipSpace();
            char next = peek();
            pos++;
            if (next == '}') {
                return items;
            }
            if (next != delimiter) {
                pos--;
                throw unexpected();
            }
        }
    }

    private String quoted() {
        pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = peek();
            pos++;
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\\') {
                c = peek();
                pos++;
            }
            sb.append(c);
        }
    }

    private String bare() {
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = peek();
            if (c == delimiter || c == '}' || c == '{' || c == '"') {
                break;
            }
            pos++;
            if (c == '\\') {
                c = peek();
                pos++;
            }
            sb.append(c);
        }
        if (sb.isEmpty()) {
            throw unexpected();
        }
        // array_in ignores whitespace around an unquoted element; array_out never writes any
        return sb.toString().strip();
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private char peek() {
        if (pos >= text.length()) {
            throw new IllegalArgumentException("array text ends early, at position " + pos);
        }
        return text.charAt(pos);
    }

    private void expect(char c) {
        if (peek() != c) {
            throw unexpected();
        }
        pos++;
    }

    private IllegalArgumentException unexpected() {
        return new IllegalArgumentException("unexpected character in array text at position " + pos);
    }
}
