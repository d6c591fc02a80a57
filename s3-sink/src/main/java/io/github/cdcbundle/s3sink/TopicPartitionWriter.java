package io.github.cdcbundle.s3sink;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one Kafka partition has in flight: a batch of open objects (one per partition path) that are uploaded
 * together, and the previous batch while the task's upload thread sends it ({@link BatchUpload}; at most one per
 * partition, so the next rotation waits for it). The committable offset is the first offset of the oldest batch not
 * yet in S3, so Connect commits only offsets whose records are in S3. A batch is cut where the records alone decide
 * (flush.size, rotate.interval.ms), so a replay from the committed offset rebuilds the same objects under the same
 * keys and overwrites them; where the wall clock decides (rotate.schedule.interval.ms, Wallclock timestamps) a
 * recovery marker is written first (see README). Each step that talks to S3 can fail and be resumed by the next call,
 * without taking a record twice.
 */
final class TopicPartitionWriter {
    private static final Logger log = LoggerFactory.getLogger(TopicPartitionWriter.class);

    private final TopicPartition tp;
    private final TaskComponents c;
    private final String markerKey;
    private final boolean needsTime;

    private final Map<String, OutputFile> files = new LinkedHashMap<>();
    /** The closed batch being uploaded, or whose upload failed and is to be resumed; null when none. */
    private BatchUpload inFlight;
    /** Offset after the last record taken in; -1 before the first. Lower offsets are re-deliveries and skipped. */
    private long nextOffset = -1;
    /** First offset of the open batch; -1 when no batch is open. */
    private long batchStart = -1;
    private long batchFirstTime;
    private long batchRecords;
    private long scheduledRotation = Long.MAX_VALUE;
    /** A rotation was decided but its upload has not finished; nothing new is taken until it has. */
    private boolean flushPending;
    private boolean markerWritten;
    private boolean recovered;
    /** Batches uploaded whose commit is not yet known (recovery markers only). */
    private final List<RecoveryMarker.Batch> uncommitted = new ArrayList<>();
    private long lastReturnedOffset = -1;
    /** Size of the last object (or part) uploaded: the first capacity of the next buffer, to skip its doublings. */
    private int lastObjectBytes;

    TopicPartitionWriter(TopicPartition tp, TaskComponents components) {
        this.tp = tp;
        this.c = components;
        this.markerKey = components.keys.markerKey(tp.topic(), tp.partition());
        this.needsTime = components.partitioner.usesTimestamp() || components.rotateIntervalMs > 0;
        this.recovered = !components.markers;
    }

    void put(SinkRecord record) {
        resumePendingIo();
        long offset = record.kafkaOffset();
        if (nextOffset >= 0 && offset < nextOffset) {
            return;
        }
        if (!recovered) {
            recover(offset);
        }
        if (record.value() == null && c.nullValues != NullValueBehavior.WRITE) {
            if (c.nullValues == NullValueBehavior.FAIL) {
                throw new DataException("Null value (tombstone) with [" + S3SinkConfig.BEHAVIOR_ON_NULL_VALUES
                    + "=fail] at " + Coordinates.of(record));
            }
            nextOffset = offset + 1;
            return;
        }
        long now = c.clock.millis();
        if (batchStart >= 0 && now >= scheduledRotation) {
            flush();
        }
        long time = needsTime ? c.timestamps.extract(record) : 0L;
        if (batchStart >= 0 && c.rotateIntervalMs > 0 && time - batchFirstTime >= c.rotateIntervalMs) {
            flush();
        }
        // A record that cannot be rendered leaves the writer as it was: its object's buffer is cut back, and a new
        // object is only kept once its first record is in.
        String path = c.partitioner.path(record, time);
        OutputFile file = files.get(path);
        if (file != null && !file.accepts(record)) {
            // A Parquet object holds one schema: a new schema (ADD COLUMN, a type change) ends the batch here. The
            // cut depends only on the records, so a replay cuts at the same offset and writes the same objects.
            flush();
            file = null;
        }
        OutputFile fresh = null;
        if (file == null) {
            fresh = new OutputFile(c.store, c.keys.dataKey(tp.topic(), tp.partition(), path, offset), offset,
                c.partSize, c.gzip, c.dataAttributes, c.buffers, lastObjectBytes + lastObjectBytes / 8, c.parquet);
            file = fresh;
        }
        try {
            file.append(c.renderer, record);
        } catch (RuntimeException e) {
            if (fresh != null) {
                fresh.abort();
            }
            throw e;
        }
        if (fresh != null) {
            files.put(path, fresh);
        }
        if (batchStart < 0) {
            batchStart = offset;
            batchFirstTime = time;
            batchRecords = 0;
            scheduledRotation = c.scheduleMs > 0 ? (Math.floorDiv(now, c.scheduleMs) + 1) * c.scheduleMs
                : Long.MAX_VALUE;
        }
        batchRecords++;
        nextOffset = offset + 1;
        if (batchRecords >= c.flushSize) {
            flush();
        } else {
            file.uploadFullPart();
        }
    }

    /**
     * Passes over a record that could not be written (reported to the errant record reporter by the task): its
     * offset is committed with the batch, as for a skipped null value.
     */
    void skip(SinkRecord record) {
        if (record.kafkaOffset() >= nextOffset) {
            nextOffset = record.kafkaOffset() + 1;
        }
    }

    /** Finishes what an earlier failure interrupted: a batch upload, a rotation, or a full part. */
    private void resumePendingIo() {
        noteEndedUpload();
        if (flushPending) {
            flush();
        } else {
            for (OutputFile file : files.values()) {
                file.uploadFullPart();
            }
        }
    }

    /**
     * Uploads the batch if the wall-clock schedule says so (also for idle partitions). From preCommit, after
     * {@link #awaitUpload}: a failed upload is then left for the next put ({@link #uploadFailed}).
     */
    void rotateOnSchedule() {
        if (flushPending || (batchStart >= 0 && c.clock.millis() >= scheduledRotation)) {
            flush();
        }
    }

    private void flush() {
        if (batchStart < 0) {
            flushPending = false;
            return;
        }
        flushPending = true;
        // Sealed here (Parquet's last pages and footer, gzip's trailer) while the previous batch may still upload: the
        // upload thread, the slower stage, only uploads. Sealing happens once, so a resumed flush skips it.
        for (OutputFile file : files.values()) {
            file.seal();
        }
        finishInFlight();
        RecoveryMarker.Batch batch = null;
        if (c.markers) {
            List<String> keys = new ArrayList<>(files.size());
            for (OutputFile file : files.values()) {
                keys.add(file.key());
            }
            batch = new RecoveryMarker.Batch(batchStart, nextOffset, keys);
            if (!markerWritten) {
                List<RecoveryMarker.Batch> all = new ArrayList<>(uncommitted);
                all.add(batch);
                byte[] marker = RecoveryMarker.write(all);
                c.store.put(markerKey, marker, marker.length, c.markerAttributes);
                markerWritten = true;
            }
        }
        inFlight = new BatchUpload(batchStart, new ArrayList<>(files.values()), c.uploader);
        if (batch != null) {
            uncommitted.add(batch);
        }
        log.debug("{}: uploading {} objects for offsets [{}, {})", tp, files.size(), batchStart, nextOffset);
        files.clear();
        batchStart = -1;
        batchRecords = 0;
        scheduledRotation = Long.MAX_VALUE;
        markerWritten = false;
        flushPending = false;
        if (!c.asyncUploads) {
            // Uploaded on this thread already: a failure is thrown by the put that closed the batch.
            finishInFlight();
        }
    }

    /**
     * Deletes the objects of batches at or after the first offset Connect delivers after an assignment (the
     * committed offset): they were uploaded but not committed, and the replay may cut them differently.
     */
    private void recover(long firstOffset) {
        Optional<byte[]> marker = c.store.get(markerKey);
        if (marker.isPresent()) {
            List<String> doomed = new ArrayList<>();
            for (RecoveryMarker.Batch batch : RecoveryMarker.read(marker.get(), markerKey)) {
                if (batch.start >= firstOffset) {
                    doomed.addAll(batch.keys);
                }
            }
            if (!doomed.isEmpty()) {
                c.store.delete(doomed);
            }
            // Once per assignment, never per record: operators (and the fault tests) see that recovery ran.
            log.info("{}: recovered at offset {}: deleted {} uploaded but uncommitted objects", tp, firstOffset,
                doomed.size());
        }
        uncommitted.clear();
        recovered = true;
    }

    /**
     * Takes note of a batch upload that has ended, without waiting: its failure then surfaces with the next put
     * (records or not), rather than at the next rotation.
     */
    void noteEndedUpload() {
        if (inFlight != null && inFlight.ended()) {
            finishInFlight();
        }
    }

    /**
     * Waits for the batch being uploaded, if any. A failed upload stays in flight: the next put reports it (a
     * RetriableException makes Connect back off) and then resumes it; an offset commit never takes that report.
     */
    void awaitUpload() {
        if (inFlight != null && inFlight.awaitSuccess()) {
            finishInFlight();
        }
    }

    /** After {@link #awaitUpload}: whether a batch upload failed and waits for the next put to report it. */
    boolean uploadFailed() {
        return inFlight != null;
    }

    /** Waits for the batch being uploaded, if any (see {@link BatchUpload#finish} for a failed upload). */
    private void finishInFlight() {
        if (inFlight != null) {
            inFlight.finish();
            lastObjectBytes = inFlight.lastBufferBytes();
            inFlight = null;
        }
    }

    /** The offset Connect may commit: everything before it is in S3 (or was a skipped null). -1 if unknown. */
    long committableOffset() {
        return inFlight != null ? inFlight.start : batchStart >= 0 ? batchStart : nextOffset;
    }

    /**
     * Called at each preCommit with the offset about to be returned. Connect calls preCommit only after the
     * previous commit finished, so batches that ended by the previously returned offset are dropped from the marker.
     */
    void committing(long offset) {
        if (lastReturnedOffset >= 0) {
            Iterator<RecoveryMarker.Batch> it = uncommitted.iterator();
            while (it.hasNext()) {
                if (it.next().end <= lastReturnedOffset) {
                    it.remove();
                }
            }
        }
        lastReturnedOffset = offset;
    }

    /**
     * Drops everything not uploaded; the records come again from the committed offset. A batch being uploaded is
     * waited for first: no upload of this task may land after the partition has gone to another.
     */
    void close() {
        if (inFlight != null) {
            inFlight.abandon();
            inFlight = null;
        }
        for (OutputFile file : files.values()) {
            file.abort();
        }
        files.clear();
    }
}
