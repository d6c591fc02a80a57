package io.github.cdcbundle.converters.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * String values, the bulk of most rows' bytes. Jackson's {@code writeString} copies a long string into its char
 * buffer and then encodes and escape-checks it one char at a time through a table, about 1 ns a char here: for a
 * row with a 740-character text column that was two thirds of its rendering. Text that is printable ASCII with
 * nothing to escape (most text columns) is instead checked in one tight loop, copied out as bytes by the JDK (one
 * array copy for Java's compact Latin-1 strings) and written raw between quotes. Anything else, and short strings
 * where the check does not pay, go through Jackson as before, so the output is byte for byte the same.
 */
final class Strings {
    /** Below this length Jackson's own path is as fast. */
    static final int FAST_FROM = 24;
    /** Longer strings take Jackson's path: the scratch buffer kept per thread stays small. */
    static final int FAST_UP_TO = 16 * 1024;

    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[1024]);

    private Strings() {
    }

    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): the one copy that needs no String
    static void write(JsonGenerator out, String s) throws IOException {
        int n = s.length();
        if (n < FAST_FROM || n > FAST_UP_TO || !plainAscii(s, n)) {
            out.writeString(s);
            return;
        }
        byte[] scratch = SCRATCH.get();
        if (scratch.length < n) {
            scratch = new byte[Math.max(n, scratch.length * 2)];
            SCRATCH.set(scratch);
        }
        // Every char is below 0x80 (checked above), so the low byte of each char is its UTF-8 encoding.
        s.getBytes(0, n, scratch, 0);
        out.writeRawUTF8String(scratch, 0, n);
    }

    /** Printable ASCII without '"' or '\\': nothing JSON needs escaped and nothing Jackson would escape. */
    static boolean plainAscii(String s, int n) {
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }
}
