package io.github.cdcbundle.converters.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;

/**
 * String values, the bulk of most rows' bytes. Jackson's {@code writeString} copies a long string into its char
 * buffer and then encodes and escape-checks it one char at a time, about 1 ns a char here: for a row with a
 * 740-character text column that was two thirds of its rendering. Text that is printable ASCII with nothing to
 * escape (most text columns) is instead copied out as bytes by the JDK into a per-thread buffer, checked eight bytes
 * at a time, and written raw between quotes; anything else, and short strings where this does not pay, goes through Jackson as before,
 * so the output is byte for byte the same (StringsTest compares the two over every char).
 */
final class Strings {
    /** Below this length Jackson's own path is as fast (measured: even at 25 chars, 2.5 times faster at 128). */
    static final int FAST_FROM = 32;
    /** Longer text takes Jackson's path, which streams it instead of copying it whole. */
    static final int FAST_UP_TO = 64 * 1024;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH = 0x8080808080808080L;

    private Strings() {
    }

    static void write(JsonGenerator out, String s) throws IOException {
        int n = s.length();
        if (n >= FAST_FROM && n <= FAST_UP_TO) {
            Scratch scratch = SCRATCH.get();
            byte[] latin1 = scratch.latin1(s, n);
            if (latin1 != null && plainAscii(latin1, n)) {
                out.writeRawUTF8String(latin1, 0, n);
                return;
            }
        }
        out.writeString(s);
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /**
     * Per-thread buffers for the Latin-1 copy, so a string costs no allocation: the chars are copied out (one
     * widening copy for Java's compact Latin-1 strings) and narrowed to bytes by the JDK's ISO-8859-1 encoder (a
     * vectorised loop), which stops at the first char above 0xFF.
     */
    private static final class Scratch {
        private final CharsetEncoder encoder = StandardCharsets.ISO_8859_1.newEncoder();
        private char[] chars = new char[1024];
        private byte[] bytes = new byte[1024];
        private CharBuffer in = CharBuffer.wrap(chars);
        private ByteBuffer outBytes = ByteBuffer.wrap(bytes);

        /** The string's chars as bytes, or null if one does not fit in a byte. */
        byte[] latin1(String s, int n) {
            if (chars.length < n) {
                int size = Math.min(FAST_UP_TO, Math.max(n, chars.length * 2));
                chars = new char[size];
                bytes = new byte[size];
                in = CharBuffer.wrap(chars);
                outBytes = ByteBuffer.wrap(bytes);
            }
            s.getChars(0, n, chars, 0);
            in.clear().limit(n);
            outBytes.clear();
            encoder.reset();
            CoderResult result = encoder.encode(in, outBytes, true);
            return result.isUnderflow() && outBytes.position() == n ? bytes : null;
        }
    }

    /**
     * No byte at or above 0x80, below 0x20, '"' or '\\': what is left is printable ASCII,
     * which is its own UTF-8 and which JSON and Jackson leave unescaped. Eight bytes a step: {@code x - 0x20…}
     * sets a byte's high bit when that byte is below 0x20, and {@code (x ^ c…) - 0x01…} when it equals {@code c};
     * a borrow out of one byte only happens where that byte is itself flagged, so the answer is exact.
     */
    static boolean plainAscii(byte[] bytes) {
        return plainAscii(bytes, bytes.length);
    }

    /** {@link #plainAscii(byte[])} over {@code bytes[0..n)}. */
    static boolean plainAscii(byte[] bytes, int n) {
        int i = 0;
        long flags = 0;
        for (; i + 8 <= n; i += 8) {
            long x = (long) LONGS.get(bytes, i);
            flags |= x | (x - 0x2020202020202020L) | ((x ^ 0x2222222222222222L) - ONES)
                    | ((x ^ 0x5C5C5C5C5C5C5C5CL) - ONES);
        }
        if ((flags & HIGH) != 0) {
            return false;
        }
        for (; i < n; i++) {
            byte b = bytes[i];
            if (b < 0x20 || b == '"' || b == '\\') {
                return false;
            }
        }
        return true;
    }
}
