package io.github.cdcbundle.s3sink.parquet;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import org.apache.kafka.connect.data.Schema;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.api.RecordConsumer;

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

    private final Schema schema;
    private final Columns columns;
    private final ParquetWriter<Object> writer;

    public ParquetObject(Schema schema, Columns columns, OutputStream out, ParquetCodec codec, long rowGroupSize) {
        this.schema = schema;
        this.columns = columns;
        try {
            this.writer = new Builder(new StreamFile(out), columns)
                    .withConf(new PlainParquetConfiguration(new HashMap<>()))
                    .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                    .withCodecFactory(CODECS)
                    .withCompressionCodec(codec.parquetName)
                    .withRowGroupSize(rowGroupSize)
                    .withDictionaryPageSize(DICTIONARY_PAGE_SIZE)
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema every row of this object has; a record of another schema needs a new object. */
    public Schema schema() {
        return schema;
    }

    /** Writes a row whose values {@link Columns#prepare} checked; cannot fail on the values any more. */
    public void write(Object prepared) {
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
