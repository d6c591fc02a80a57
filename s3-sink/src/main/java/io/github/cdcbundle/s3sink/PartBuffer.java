package io.github.cdcbundle.s3sink;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * A byte buffer for one part. Unlike ByteArrayOutputStream it hands out its array (the upload streams from it
 * without a copy) and stops doubling near the part size, so one open object holds about one part in memory.
 */
final class PartBuffer extends OutputStream {
    private static final int INITIAL = 16 * 1024;

    private final int softLimit;
    private byte[] bytes;
    private int count;

    PartBuffer(int partSize) {
        this(partSize, INITIAL);
    }

    /** With a first capacity, e.g. the size of the partition's previous object, to skip the doublings. */
    PartBuffer(int partSize, int initialCapacity) {
        this.softLimit = partSize;
        this.bytes = new byte[Math.max(INITIAL, Math.min(initialCapacity, partSize + 64 * 1024))];
    }

    @Override
    public void write(int b) {
        ensure(count + 1);
        bytes[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensure(count + len);
        System.arraycopy(b, off, bytes, count, len);
        count += len;
    }

    private void ensure(int needed) {
        if (needed <= bytes.length) {
            return;
        }
        long doubled = (long) bytes.length * 2;
        long slack = 64L * 1024;
        long capacity;
        if (doubled <= softLimit) {
            capacity = doubled;
        } else if (needed <= softLimit + slack) {
            // Past the part size the buffer is about to be uploaded: grow only by a little slack.
            capacity = softLimit + slack;
        } else {
            // One record larger than what is left of the part (the rendering streams it in 8 KB writes): the part
            // beyond the limit doubles, so a huge record costs a few copies, not one per 64 KB.
            capacity = Math.max(needed, bytes.length + Math.max(slack, bytes.length - softLimit));
        }
        capacity = Math.max(capacity, needed);
        if (capacity > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("part buffer over 2 GiB");
        }
        bytes = Arrays.copyOf(bytes, (int) capacity);
    }

    byte[] array() {
        return bytes;
    }

    int size() {
        return count;
    }

    void reset() {
        count = 0;
    }

    /** Drops what was written after {@code size} (a record that failed half-way). */
    void truncate(int size) {
        if (size < 0 || size > count) {
            throw new IllegalArgumentException("cannot truncate " + count + " bytes to " + size);
        }
        count = size;
    }

    int capacity() {
        return bytes.length;
    }
}
