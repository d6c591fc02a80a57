package io.github.cdcbundle.s3sink.parquet;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.connect.data.Schema;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * One Parquet object being written into a byte stream (the sink's part buffer), without Hadoop, on parquet-java's
 * column API: a file writer over the stream, and per row group a page store (pages compressed by our codec factory,
 * with checksums, statistics and column/offset indexes) under a column write store whose column writers
 * {@link Columns#writeRow} fills directly, levels and all. No record consumer, no Hadoop configuration. Row groups are
 * written to the stream as they fill ({@code parquet.row.group.size}); {@link #finish()} writes the footer.
 *
 * <p>The bytes depend only on the rows, the schema and the options (parquet-java writes no time or host into the
 * file), so a replay of the same records writes the same object.
 */
public final class ParquetObject {
    private static final Codecs CODECS = new Codecs();
    /** The footer's key-value metadata: the writer's name, as parquet-java's object models put it there. */
    private static final Map<String, String> FOOTER = Map.of(ParquetWriter.OBJECT_MODEL_NAME_PROP, "cdc-s3-sink");
    /**
     * A column's dictionary is given up (plain encoding from then on) once it holds this many bytes. parquet-java's
     * default, the 1 MiB page size, let a unique text column of a 1,000-row object be hashed into the dictionary (and
     * re-hashed at every growth of its map) for every row, only to be dropped when the page was written: 16 % of the
     * sink's time in the benchmark (docs/performance.md). Columns that repeat (status, currency, city) stay far below.
     */
    static final int DICTIONARY_PAGE_SIZE = 128 * 1024;

    /**
     * Rows held back before the writer is built: from them each column's encoding is chosen (see
     * {@link #plainColumns}). The bytes still depend only on the object's rows, so a replay writes the same object.
     */
    static final int SAMPLE_ROWS = 128;

    /** Rows written before the row group's buffered size is first looked at, and the most between two looks. */
    private static final int FIRST_SIZE_CHECK = 100;
    private static final int MAX_ROWS_BETWEEN_SIZE_CHECKS = 10_000;

    private final Schema schema;
    private final Columns columns;
    private final OutputStream out;
    private final ParquetCodec codec;
    private final long rowGroupSize;
    /** The first rows, until the writer exists. */
    private final List<Object> sample = new ArrayList<>(SAMPLE_ROWS);
    private ParquetProperties properties;
    private ParquetFileWriter file;
    /** The current row group's stores and column writers (in {@link Columns#columns()} order). */
    private ColumnChunkPageWriteStore pages;
    private ColumnWriteStore store;
    private ColumnWriter[] leaves;
    private long rows;
    private long nextSizeCheck;

    public ParquetObject(Schema schema, Columns columns, OutputStream out, ParquetCodec codec, long rowGroupSize) {
        this.schema = schema;
        this.columns = columns;
        this.out = out;
        this.codec = codec;
        this.rowGroupSize = rowGroupSize;
    }

    /**
     * The top-level columns written without a dictionary: those whose values among the sample rows are more than
     * half distinct (ids, timestamps, free text). parquet-java would hash every such value into a dictionary for the
     * whole first page and then drop it, as the encoded page comes out no smaller than plain: that was a third of the
     * sink's CPU per object in the benchmark (docs/performance.md). Columns that repeat (status, currency, city) keep
     * their dictionary. Nested columns and booleans (which Parquet never dictionary-encodes) are left as they are, and
     * so is a name with a dot, which parquet-java's option would read as a nested path.
     */
    static Set<String> plainColumns(MessageType type, List<Object> rows) {
        Set<String> plain = new TreeSet<>();
        List<Type> fields = type.getFields();
        for (int i = 0; i < fields.size(); i++) {
            Type field = fields.get(i);
            if (!field.isPrimitive() || field.asPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.BOOLEAN
                    || field.getName().indexOf('.') >= 0) {
                continue;
            }
            Set<Object> distinct = new HashSet<>();
            int values = 0;
            for (Object row : rows) {
                Object value = ((Object[]) row)[i];
                if (value != null) {
                    values++;
                    distinct.add(value instanceof Binary ? new SampleKey(((Binary) value).getBytesUnsafe()) : value);
                    if (distinct.size() * 2 > rows.size()) {
                        break; // more than half of the sample distinct, whatever the rest holds
                    }
                }
            }
            if (distinct.size() * 2 > values) {
                plain.add(field.getName());
            }
        }
        return plain;
    }

    /**
     * A binary value in the sample's distinct count, equal to another with the same bytes. Its hash reads the length
     * and at most 64 of the bytes (the first and last 16, 32 spread between): {@code Binary.hashCode} reads them all,
     * 740 per value of the benchmark's text column. Values that differ only elsewhere share a hash and are still told
     * apart by their bytes.
     */
    private record SampleKey(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof SampleKey && Arrays.equals(bytes, ((SampleKey) o).bytes);
        }

        @Override
        public int hashCode() {
            int n = bytes.length;
            int h = n;
            if (n <= 64) {
                for (byte b : bytes) {
                    h = 31 * h + b;
                }
                return h;
            }
            for (int j = 0; j < 16; j++) {
                h = 31 * h + bytes[j] + 961 * bytes[n - 1 - j];
            }
            int step = (n - 32) / 32;
            for (int j = 16; j < n - 16; j += step) {
                h = 31 * h + bytes[j];
            }
            return h;
        }
    }

    /** The schema every row of this object has; a record of another schema needs a new object. */
    public Schema schema() {
        return schema;
    }

    /** Writes a row whose values {@link Columns#prepare} checked; cannot fail on the values any more. */
    public void write(Object prepared) {
        if (file != null) {
            append(prepared);
            return;
        }
        sample.add(prepared);
        if (sample.size() == SAMPLE_ROWS) {
            open();
        }
    }

    /**
     * Starts the file with a dictionary for every column but those the sample chose plain, and hands it the sample's
     * rows.
     */
    private void open() {
        ParquetProperties.Builder builder = ParquetProperties.builder().withDictionaryPageSize(DICTIONARY_PAGE_SIZE);
        for (String column : plainColumns(columns.type(), sample)) {
            builder.withDictionaryEncoding(column, false);
        }
        properties = builder.build();
        try {
            file = new ParquetFileWriter(new StreamFile(out), columns.type(), ParquetFileWriter.Mode.OVERWRITE,
                    rowGroupSize, ParquetWriter.MAX_PADDING_SIZE_DEFAULT, null, properties);
            file.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        startRowGroup();
        for (Object row : sample) {
            append(row);
        }
        sample.clear();
    }

    private void startRowGroup() {
        MessageType type = columns.type();
        pages = new ColumnChunkPageWriteStore(CODECS.compressor(codec), type, properties.getAllocator(),
                properties.getColumnIndexTruncateLength(), properties.getPageWriteChecksumEnabled());
        store = properties.newColumnWriteStore(type, pages, pages);
        List<ColumnDescriptor> descriptors = columns.columns();
        leaves = new ColumnWriter[descriptors.size()];
        for (int i = 0; i < leaves.length; i++) {
            leaves[i] = store.getColumnWriter(descriptors.get(i));
        }
        rows = 0;
        nextSizeCheck = FIRST_SIZE_CHECK;
    }

    private void append(Object prepared) {
        columns.writeRow(leaves, prepared);
        store.endRecord();
        rows++;
        if (rows >= nextSizeCheck) {
            checkRowGroupSize();
        }
    }

    /**
     * Writes the row group once its buffered data is within about two rows of {@code parquet.row.group.size}; else
     * looks again about halfway to where the rows so far say it will be full (looking costs a walk over the columns).
     */
    private void checkRowGroupSize() {
        long buffered = store.getBufferedSize();
        long perRow = Math.max(1, buffered / rows);
        long left = rowGroupSize - buffered;
        if (left <= 2 * perRow) {
            flushRowGroup();
            startRowGroup();
            return;
        }
        nextSizeCheck = rows + Math.max(1, Math.min(MAX_ROWS_BETWEEN_SIZE_CHECKS, left / perRow / 2));
    }

    /** Writes the current row group's column chunks into the file, if it has rows. */
    private void flushRowGroup() {
        try {
            if (rows > 0) {
                file.startBlock(rows);
                store.flush();
                pages.flushToFileWriter(file);
                file.endBlock();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            store.close();
            pages.close();
        }
    }

    public Columns columns() {
        return columns;
    }

    /** Flushes the last row group and writes the footer. */
    public void finish() {
        if (file == null) {
            open();
        }
        flushRowGroup();
        try {
            file.end(FOOTER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The part buffer as Parquet's output file: sequential writes and a position, nothing else is needed. */
    private static final class StreamFile implements OutputFile {
        private final OutputStream out;

        StreamFile(OutputStream out) {
            this.out = out;
        }

        @Override
        public PositionOutputStream create(long blockSizeHint) {
            return createOrOverwrite(blockSizeHint);
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) {
            return new PositionOutputStream() {
                private long pos;

                @Override
                public long getPos() {
                    return pos;
                }

                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    pos++;
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    pos += len;
                }

                @Override
                public void close() {
                    // The sink owns the buffer: closing the Parquet writer must not close it.
                }
            };
        }

        @Override
        public boolean supportsBlockSize() {
            return false;
        }

        @Override
        public long defaultBlockSize() {
            return 0;
        }
    }
}
