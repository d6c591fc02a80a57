package io.github.cdcbundle.s3sink.parquet;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.connect.data.Schema;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * One Parquet object being written into a byte stream (the sink's part buffer), without Hadoop: an explicit
 * configuration object, our own write support and codec factory, and an output file over the stream. Row groups are
 * written to the stream as they fill ({@code parquet.row.group.size}); {@link #finish()} writes the footer.
 *
 * <p>The bytes depend only on the rows, the schema and the options (parquet-java writes no time or host into the
 * file), so a replay of the same records writes the same object.
 */
public final class ParquetObject {
    private static final Codecs CODECS = new Codecs();
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

    private final Schema schema;
    private final Columns columns;
    private final OutputStream out;
    private final ParquetCodec codec;
    private final long rowGroupSize;
    /** The first rows, until the writer exists. */
    private final List<Object> sample = new ArrayList<>(SAMPLE_ROWS);
    private ParquetWriter<Object> writer;

    public ParquetObject(Schema schema, Columns columns, OutputStream out, ParquetCodec codec, long rowGroupSize) {
        this.schema = schema;
        this.columns = columns;
        this.out = out;
        this.codec = codec;
        this.rowGroupSize = rowGroupSize;
    }

    /** The writer, with a dictionary for every column but {@code plain}. */
    private ParquetWriter<Object> build(Set<String> plain) {
        Builder builder = new Builder(new StreamFile(out), columns)
                .withConf(new PlainParquetConfiguration(new HashMap<>()))
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withCodecFactory(CODECS)
                .withCompressionCodec(codec.parquetName)
                .withRowGroupSize(rowGroupSize)
                .withDictionaryPageSize(DICTIONARY_PAGE_SIZE);
        for (String column : plain) {
            builder.withDictionaryEncoding(column, false);
        }
        try {
            return builder.build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
                    distinct.add(value);
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

    /** The schema every row of this object has; a record of another schema needs a new object. */
    public Schema schema() {
        return schema;
    }

    /** Writes a row whose values {@link Columns#prepare} checked; cannot fail on the values any more. */
    public void write(Object prepared) {
        if (writer != null) {
            append(prepared);
            return;
        }
        sample.add(prepared);
        if (sample.size() == SAMPLE_ROWS) {
            open();
        }
    }

    /** Builds the writer from the sample and hands it the sample's rows. */
    private void open() {
        writer = build(plainColumns(columns.type(), sample));
        for (Object row : sample) {
            append(row);
        }
        sample.clear();
    }

    private void append(Object prepared) {
        try {
            writer.write(prepared);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Columns columns() {
        return columns;
    }

    /** Flushes the last row group and writes the footer. */
    public void finish() {
        if (writer == null) {
            open();
        }
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Builder extends ParquetWriter.Builder<Object, Builder> {
        private final Columns columns;

        Builder(OutputFile file, Columns columns) {
            super(file);
            this.columns = columns;
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** Hadoop's entry point, required by the abstract builder; never called (withConf sets a plain config). */
        @Override
        protected WriteSupport<Object> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
            return new RowWriteSupport(columns);
        }

        @Override
        protected WriteSupport<Object> getWriteSupport(org.apache.parquet.conf.ParquetConfiguration conf) {
            return new RowWriteSupport(columns);
        }
    }

    private static final class RowWriteSupport extends WriteSupport<Object> {
        private final Columns columns;
        private RecordConsumer consumer;

        RowWriteSupport(Columns columns) {
            this.columns = columns;
        }

        @Override
        public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
            return new WriteContext(columns.type(), new HashMap<>());
        }

        @Override
        public WriteContext init(org.apache.parquet.conf.ParquetConfiguration configuration) {
            return new WriteContext(columns.type(), new HashMap<>());
        }

        @Override
        public String getName() {
            return "cdc-s3-sink";
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.consumer = recordConsumer;
        }

        @Override
        public void write(Object prepared) {
            columns.writeRow(consumer, prepared);
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
