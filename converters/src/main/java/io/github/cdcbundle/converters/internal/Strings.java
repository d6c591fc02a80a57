package io.github.cdcbundle.converters.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.LongBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;

/**
 * String values, the bulk of most rows' bytes. Jackson's {@code writeString} copies a long string into its char
 * buffer and then encodes and escape-checks it one char at a time, about 1 ns a char here: for a row with a
 * 740-character text column that was two thirds of its rendering. Text that is printable ASCII with nothing to
 * escape (most text columns) is instead copied out as bytes by the JDK into a per-thread buffer, checked a word of
 * eight bytes at a time in a loop the JIT vectorises, and written raw between quotes; anything else, and short strings
 * where this does not pay, goes through Jackson as before, so the output is byte for byte the same (StringsTest
 * compares the two over every char).
 */
final class Strings {
    /** Below this length Jackson's own path is as fast (measured: even at 25 chars, 2.5 times faster at 128). */
    static final int FAST_FROM = 32;
    /** Longer text takes Jackson's path, which streams it instead of copying it whole. */
    static final int FAST_UP_TO = 64 * 1024;

    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH = 0x8080808080808080L;
    private static final long QUOTE_TO_SPACE = 0x0202020202020202L;
    private static final long BELOW_0X21 = 0x2121212121212121L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;

    private Strings() {
    }

    static void write(JsonGenerator out, String s) throws IOException {
        byte[] raw = rawBytes(s);
        if (raw != null) {
            out.writeRawUTF8String(raw, 0, s.length());
        } else {
            out.writeString(s);
        }
    }

    /**
     * The string as bytes that JSON takes as they are (its first {@code s.length()} bytes; this thread's buffer,
     * valid until the next call), or null when it must go through Jackson: too short or too long for the fast path,
     * or anything but printable ASCII without '"' and '\\'.
     */
    static byte[] rawBytes(String s) {
        int n = s.length();
        if (n < FAST_FROM || n > FAST_UP_TO) {
            return null;
        }
        Scratch scratch = SCRATCH.get();
        byte[] latin1 = scratch.latin1(s, n);
        return latin1 != null && scratch.plainAscii(n) ? latin1 : null;
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /**
     * Per-thread buffers for the Latin-1 copy, so a string costs no allocation: the chars are copied out (one
     * widening copy for Java's compact Latin-1 strings) and narrowed to bytes by the JDK's ISO-8859-1 encoder (a
     * vectorised loop), which stops at the first char above 0xFF. For the check, the bytes are copied once more into
     * a long[] (a memory copy): a loop over a long[] is one the JIT turns into vector instructions, one over a
     * byte[] read eight bytes at a time is not. For 740 chars the check took about 100 ns that way, the largest part
     * of this path; copy and vector loop take about 50 together (JMH, on this project's build machine).
     */
    private static final class Scratch {
        private final CharsetEncoder encoder = StandardCharsets.ISO_8859_1.newEncoder();
        private char[] chars;
        private byte[] bytes;
        private long[] words;
        private CharBuffer in;
        private ByteBuffer outBytes;
        private LongBuffer wordView;

        Scratch() {
            allocate(1024);
        }

        private void allocate(int size) {
            chars = new char[size];
            bytes = new byte[size];
            words = new long[size / 8];
            in = CharBuffer.wrap(chars);
            outBytes = ByteBuffer.wrap(bytes);
            wordView = wordView(bytes);
        }

        /** The string's chars as bytes, or null if one does not fit in a byte. */
        byte[] latin1(String s, int n) {
            if (chars.length < n) {
                allocate(Math.min(FAST_UP_TO, Math.max(n, chars.length * 2)));
            }
            s.getChars(0, n, chars, 0);
            in.clear().limit(n);
            outBytes.clear();
            encoder.reset();
            CoderResult result = encoder.encode(in, outBytes, true);
            return result.isUnderflow() && outBytes.position() == n ? bytes : null;
        }

        /** {@link Strings#plainAscii} of the bytes {@link #latin1} just wrote. */
        boolean plainAscii(int n) {
            return Strings.plainAscii(bytes, n, wordView, words);
        }
    }

    /**
     * No byte at or above 0x80, below 0x20, '"' or '\\': what is left is printable ASCII, which is its own UTF-8 and
     * which JSON and Jackson leave unescaped.
     */
    static boolean plainAscii(byte[] bytes) {
        return plainAscii(bytes, bytes.length, wordView(bytes), new long[bytes.length / 8]);
    }

    /**
     * {@link #plainAscii(byte[])} over {@code bytes[0..n)}: whole words copied through {@code view} (of
     * {@code bytes}) into {@code words}, then the tail byte by byte.
     */
    private static boolean plainAscii(byte[] bytes, int n, LongBuffer view, long[] words) {
        int whole = n >>> 3;
        view.get(0, words, 0, whole);
        return plainWords(words, whole) && plainBytes(bytes, whole << 3, n);
    }

    /** The bytes read as little-endian longs, on every platform alike. */
    private static LongBuffer wordView(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
    }

    /**
     * {@link #plainAscii} eight bytes a word, with every byte's verdict in its high bit: {@code x} itself flags a
     * byte at or above 0x80; {@code (x ^ 0x02…) - 0x21…} flags a byte below 0x20 or equal to '"' (flipping bit 1 maps
     * exactly those to 0x00-0x20, which borrow when 0x21 is subtracted); {@code (x ^ 0x5C…) - 0x01…} flags '\\'.
     * Without a borrow coming in, a byte borrows out only if it is flagged; so a word without flagged bytes has no
     * borrows at all, and the lowest flagged byte of a word gets none: the answer is exact, though bytes above a
     * flagged one may be flagged too. Kept to one simple loop over a long[], which the JIT vectorises.
     */
    private static boolean plainWords(long[] words, int count) {
        long flags = 0;
        for (int i = 0; i < count; i++) {
            long x = words[i];
            flags |= x | ((x ^ QUOTE_TO_SPACE) - BELOW_0X21) | ((x ^ BACKSLASHES) - ONES);
        }
        return (flags & HIGH) == 0;
    }

    private static boolean plainBytes(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            if (b < 0x20 || b == '"' || b == '\\') {
                return false;
            }
        }
        return true;
    }
}
