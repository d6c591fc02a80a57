package io.github.cdcbundle.s3sink;

import java.time.Clock;
import java.util.concurrent.Executor;

/** What every partition writer of a task shares, built once from the config in {@code start()}. */
final class TaskComponents {
    final ObjectStore store;
    final ObjectKeys keys;
    final Partitioner partitioner;
    final TimestampExtractor timestamps;
    final RecordRenderer renderer;
    final Clock clock;
    final NullValueBehavior nullValues;
    final int flushSize;
    final long rotateIntervalMs;
    final long scheduleMs;
    final int partSize;
    final boolean gzip;
    /** What data objects and recovery markers are written with. */
    final ObjectAttributes dataAttributes;
    final ObjectAttributes markerAttributes;
    final boolean markers;
    final BufferPool buffers;
    /** format=parquet, else null. */
    final ParquetFormat parquet;
    /** Where closed (sealed) batches are uploaded: the task's upload thread, or the task thread itself. */
    final Executor uploader;
    /** Whether {@link #uploader} is the upload thread (s3.upload.async). */
    final boolean asyncUploads;

    /** @param uploader the task's upload thread, or null to upload on the task thread */
    TaskComponents(S3SinkConfig config, ObjectStore store, Clock clock, Executor uploader) {
        this.store = store;
        this.asyncUploads = uploader != null;
        this.uploader = uploader != null ? uploader : Runnable::run;
        this.keys = new ObjectKeys(config.topicsDir(), config.extension());
        this.partitioner = Partitioner.create(config);
        this.timestamps = TimestampExtractor.create(config, clock);
        this.renderer = RecordRenderer.create(config);
        this.clock = clock;
        this.nullValues = config.nullValueBehavior();
        this.flushSize = config.flushSize();
        this.rotateIntervalMs = config.rotateIntervalMs();
        this.scheduleMs = config.rotateScheduleIntervalMs();
        this.partSize = config.partSize();
        this.gzip = config.compression() == Compression.GZIP;
        this.parquet = config.format() == OutputFormat.PARQUET ? new ParquetFormat(config) : null;
        String contentType = gzip ? "application/gzip"
            : config.format() == OutputFormat.JSON ? "application/x-ndjson"
            : config.format() == OutputFormat.PARQUET ? "application/vnd.apache.parquet" : "application/octet-stream";
        this.dataAttributes = ObjectAttributes.forData(config, contentType);
        this.markerAttributes = ObjectAttributes.forMarker(config);
        this.markers = config.needsRecoveryMarkers();
        this.buffers = new BufferPool(partSize);
    }
}
