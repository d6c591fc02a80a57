package io.github.cdcbundle.converters.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/** A growable byte buffer reused across records, so rendering a record allocates only its result array. */
public final class OutputBuffer extends OutputStream {
    /** A buffer that grew beyond this (a huge record) is not kept, so a thread does not hold on to it. */
    private static final int KEEP_AT_MOST = 1 << 20;
    private static final int INITIAL = 1024;

    private byte[] bytes = new byte[INITIAL];
    private int count;
    /** While set, writes go straight to it instead of into this buffer. */
    private OutputStream target;

    /** Sends writes straight to {@code out} until called with null. */
    public void target(OutputStream out) {
        this.target = out;
    }

    /** The bytes written since the last take, as a new array; the buffer is then empty. */
    public byte[] take() {
        byte[] result = Arrays.copyOf(bytes, count);
        empty();
        return result;
    }

    /** Writes the bytes written since the last take to {@code out}; the buffer is then empty. */
    public void moveTo(OutputStream out) throws IOException {
        try {
            out.write(bytes, 0, count);
        } finally {
            empty();
        }
    }

    private void empty() {
        count = 0;
        if (bytes.length > KEEP_AT_MOST) {
            bytes = new byte[INITIAL];
        }
    }

    @Override
    public void write(int b) throws IOException {
        if (target != null) {
            target.write(b);
            return;
        }
        ensure(1);
        bytes[count++] = (byte) b;
    }

    @Override
    public void write(byte[] source, int offset, int length) throws IOException {
        if (target != null) {
            target.write(source, offset, length);
            return;
        }
        ensure(length);
        System.arraycopy(source, offset, bytes, count, length);
        count += length;
    }

    private void ensure(int more) {
        if (count + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, count + more));
        }
    }
}
