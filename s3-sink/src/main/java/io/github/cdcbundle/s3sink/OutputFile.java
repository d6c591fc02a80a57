package io.github.cdcbundle.s3sink;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import io.github.cdcbundle.s3sink.parquet.ParquetObject;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One object being written. Lines go into a part-sized buffer (through gzip when configured); once the buffer
 * reaches {@code s3.part.size} the object becomes a multipart upload and the buffer is sent as a part. Every
 * method that talks to S3 can be called again after it failed: it resumes where it stopped.
 */
final class OutputFile {
    private static final Logger log = LoggerFactory.getLogger(OutputFile.class);

    private final ObjectStore store;
    private final String key;
    private final long startOffset;
    private final int partSize;
    private final ObjectAttributes attributes;
    private final BufferPool pool;
    private final PartBuffer buffer;
    private int lastBufferBytes;
    private final OutputStream out;
    private final GZIPOutputStream gzip;
    private String uploadId;
    private final List<String> etags = new ArrayList<>();
    private boolean sealed;
    private boolean uploaded;
    private boolean aborted;
    private long records;
    /** format=parquet: the object's writer (opened with the first record), else null. */
    private final ParquetFormat parquetFormat;
    private ParquetObject parquet;

    OutputFile(ObjectStore store, String key, long startOffset, int partSize, boolean gzip, ObjectAttributes attributes,
               BufferPool pool, int initialCapacity, ParquetFormat parquetFormat) {
        this.parquetFormat = parquetFormat;
        this.store = store;
        this.key = key;
        this.startOffset = startOffset;
        this.partSize = partSize;
        this.attributes = attributes;
        this.pool = pool;
        this.buffer = pool.take(initialCapacity);
        try {
            this.gzip = gzip ? new GZIPOutputStream(buffer, 8192) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.out = this.gzip != null ? this.gzip : buffer;
    }

    /**
     * Buffers the record's line; no I/O. A record that cannot be rendered leaves the object as it was (without gzip
     * the renderer streams into the buffer, which is cut back on failure).
     */
    void append(RecordRenderer renderer, SinkRecord record) {
        if (parquetFormat != null) {
            appendRow(record);
            return;
        }
        int mark = buffer.size();
        try {
            renderer.writeTo(record, out, gzip == null);
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            if (gzip == null) {
                buffer.truncate(mark);
            }
            throw e;
        }
        records++;
    }

    /**
     * A Parquet row: checked and converted first (a failure leaves the object as it was), then handed to the writer,
     * which buffers it in the open row group.
     */
    private void appendRow(SinkRecord record) {
        ParquetObject object = parquet != null ? parquet : parquetFormat.open(record, buffer);
        Object prepared = parquetFormat.prepare(object, record);
        parquet = object;
        object.write(prepared);
        records++;
    }

    /** Whether a record of this schema can go into this object; Parquet objects hold one schema each. */
    boolean accepts(SinkRecord record) {
        if (parquet == null) {
            return true;
        }
        Schema schema = record.valueSchema();
        return schema == parquet.schema() || (schema != null && schema.equals(parquet.schema()));
    }

    /** Sends the buffer as a part once it is full. */
    void uploadFullPart() {
        if (buffer.size() >= partSize) {
            uploadBuffer();
        }
    }

    private void uploadBuffer() {
        if (uploadId == null) {
            uploadId = store.startMultipart(key, attributes);
        }
        String etag = store.uploadPart(key, uploadId, etags.size() + 1, buffer.array(), buffer.size());
        etags.add(etag);
        buffer.reset();
    }

    /** Ends the object's bytes (Parquet's last row group and footer, gzip's trailer); no I/O. Once only. */
    void seal() {
        if (sealed) {
            return;
        }
        if (parquet != null) {
            parquet.finish();
        }
        if (gzip != null) {
            try {
                gzip.finish();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        sealed = true;
    }

    /** Makes the object visible: one PutObject, or the last part and CompleteMultipartUpload. Seals it first. */
    void upload() {
        if (uploaded) {
            return;
        }
        seal();
        if (uploadId == null) {
            store.put(key, buffer.array(), buffer.size(), attributes);
        } else {
            if (buffer.size() > 0) {
                uploadBuffer();
            }
            store.completeMultipart(key, uploadId, etags);
        }
        uploaded = true;
        lastBufferBytes = buffer.size();
        releaseDeflater();
        // Nothing touches the buffer after this: upload() and abort() return early once uploaded.
        pool.give(buffer);
    }

    /** Frees gzip's native deflater now rather than when the collector gets to it. */
    private void releaseDeflater() {
        if (gzip != null) {
            try {
                gzip.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Gives up the object: an unfinished multipart upload is aborted (parts are invisible but billed until then)
     * and the buffer goes back to the pool.
     */
    void abort() {
        if (uploaded || aborted) {
            return;
        }
        aborted = true;
        releaseDeflater();
        pool.give(buffer);
        if (uploadId != null) {
            try {
                store.abortMultipart(key, uploadId);
            } catch (RuntimeException e) {
                log.warn("Could not abort the multipart upload of {}; a bucket lifecycle rule "
                    + "(AbortIncompleteMultipartUpload) removes it later: {}", key, e.getMessage());
            }
        }
    }

    String key() {
        return key;
    }

    long startOffset() {
        return startOffset;
    }

    long records() {
        return records;
    }

    boolean uploaded() {
        return uploaded;
    }

    /** After upload: the bytes of the last part, or of the whole object if it had one part. */
    int lastBufferBytes() {
        return lastBufferBytes;
    }
}
