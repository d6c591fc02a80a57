package io.github.cdcbundle.benchmarks.pipeline;

import java.nio.charset.StandardCharsets;

/**
 * The row count of a Parquet object, read from its footer alone: the {@code num_rows} field of the Thrift
 * {@code FileMetaData} at the end of the file (parquet-format's layout: footer, its length as 4 little-endian bytes,
 * {@code PAR1}). The benchmark's poller reads every object the sink writes, so it must not decode pages, and the
 * benchmark runs on the test kit's class path, which has no Parquet reader (the sink's parquet-java lives in the
 * plugin folder).
 */
final class ParquetRows {
    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
    /** FileMetaData's field id for {@code num_rows} (i64). */
    private static final int NUM_ROWS = 3;

    private final byte[] b;
    private int pos;

    private ParquetRows(byte[] b, int pos) {
        this.b = b;
        this.pos = pos;
    }

    static boolean isParquet(byte[] body) {
        return body.length >= 12 && endsWithMagic(body);
    }

    /** Rows in the object; an IllegalArgumentException naming {@code name} when it is not a Parquet file. */
    static long count(byte[] body, String name) {
        if (!isParquet(body)) {
            throw new IllegalArgumentException(name + " does not end in a Parquet footer");
        }
        int n = body.length;
        int footerLength = (body[n - 8] & 0xff) | (body[n - 7] & 0xff) << 8 | (body[n - 6] & 0xff) << 16
                | (body[n - 5] & 0xff) << 24;
        int start = n - 8 - footerLength;
        if (footerLength <= 0 || start < 4) {
            throw new IllegalArgumentException(name + ": footer length " + footerLength + " does not fit the object");
        }
        try {
            return new ParquetRows(body, start).numRows();
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException(name + ": footer ends before its num_rows field", e);
        }
    }

    private static boolean endsWithMagic(byte[] body) {
        for (int i = 0; i < 4; i++) {
            if (body[body.length - 4 + i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /** Reads FileMetaData's fields in order (Thrift compact protocol), skipping all but num_rows. */
    private long numRows() {
        int field = 0;
        while (true) {
            int header = b[pos++] & 0xff;
            int type = header & 0x0f;
            if (type == 0) {
                throw new IllegalArgumentException("footer has no num_rows field");
            }
            int delta = header >>> 4;
            field = delta != 0 ? field + delta : (short) zigzag(varint());
            if (field == NUM_ROWS && type == 6) {
                return zigzag(varint());
            }
            skip(type);
        }
    }

    private void skip(int type) {
        switch (type) {
            case 1, 2 -> { } // booleans carry their value in the type
            case 3 -> pos++;
            case 4, 5, 6 -> varint();
            case 7 -> pos += 8;
            case 8 -> {
                int length = (int) varint(); // read first: `pos += varint()` would add to pos as it was before
                pos += length;
            }
            case 9, 10 -> {
                int header = b[pos++] & 0xff;
                int size = header >>> 4;
                if (size == 15) {
                    size = (int) varint();
                }
                int elementType = header & 0x0f;
                for (int i = 0; i < size; i++) {
                    skipElement(elementType);
                }
            }
            case 11 -> {
                int size = (int) varint();
                if (size > 0) {
                    int types = b[pos++] & 0xff;
                    for (int i = 0; i < size; i++) {
                        skipElement(types >>> 4);
                        skipElement(types & 0x0f);
                    }
                }
            }
            case 12 -> skipStruct();
            default -> throw new IllegalArgumentException("unknown Thrift compact type " + type + " in the footer");
        }
    }

    /** In a list, set or map a boolean is a byte of its own. */
    private void skipElement(int type) {
        if (type == 1 || type == 2) {
            pos++;
        } else {
            skip(type);
        }
    }

    private void skipStruct() {
        while (true) {
            int header = b[pos++] & 0xff;
            int type = header & 0x0f;
            if (type == 0) {
                return;
            }
            if (header >>> 4 == 0) {
                varint(); // a field id written in full
            }
            skip(type);
        }
    }

    private long varint() {
        long v = 0;
        int shift = 0;
        while (true) {
            int x = b[pos++] & 0xff;
            v |= (long) (x & 0x7f) << shift;
            if ((x & 0x80) == 0) {
                return v;
            }
            shift += 7;
        }
    }

    private static long zigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }
}
