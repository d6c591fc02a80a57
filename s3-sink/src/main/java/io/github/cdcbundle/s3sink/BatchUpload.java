package io.github.cdcbundle.s3sink;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A partition's closed batch on its way to S3: its sealed objects are uploaded on the task's upload thread while the
 * task thread fills the next batch. The task thread touches the objects again only
 * once the upload has ended ({@link #finish}, {@link #abandon}), so an object is never used by two threads at once.
 * If the upload fails, {@link #finish} throws that failure once (a {@code RetriableException} makes Connect back off
 * and re-deliver); later calls upload what is left on the calling thread, each object resuming where it stopped.
 */
final class BatchUpload {
    private static final Logger log = LoggerFactory.getLogger(BatchUpload.class);

    /** First offset of the batch: the committable offset while it is in flight. */
    final long start;
    private final List<OutputFile> files;
    private final CompletableFuture<Void> done;
    private boolean failureReported;

    /** Starts uploading {@code files} on {@code uploader}; with a direct executor it runs here, before returning. */
    BatchUpload(long start, List<OutputFile> files, Executor uploader) {
        this.start = start;
        this.files = List.copyOf(files);
        this.done = CompletableFuture.runAsync(this::uploadAll, uploader);
    }

    private void uploadAll() {
        for (OutputFile file : files) {
            file.upload();
        }
    }

    /** Whether the upload has ended (uploaded or failed): {@link #finish} then does not wait. */
    boolean ended() {
        return done.isDone();
    }

    /** Waits until the upload has ended; whether every object is in S3 (a failure is left for {@link #finish}). */
    boolean awaitSuccess() {
        return await() == null;
    }

    /** Waits for the upload; returns once every object is in S3, else throws (see the class comment). */
    void finish() {
        Throwable failure = await();
        if (failure == null) {
            return;
        }
        if (!failureReported) {
            failureReported = true;
            throw unchecked(failure);
        }
        uploadAll();
    }

    /** After {@link #finish} returned: the bytes of the last object's last part, for sizing the next buffer. */
    int lastBufferBytes() {
        return files.get(files.size() - 1).lastBufferBytes();
    }

    /**
     * Gives the batch up (its partition was revoked or the task stops): waits until the upload thread is done with
     * it, so no call of this task reaches S3 after the partition has moved on, then aborts what did not finish.
     */
    void abandon() {
        Throwable failure = await();
        if (failure != null) {
            log.warn("Dropping a batch from offset {} whose upload failed ({}); its records come again from the "
                + "committed offset", start, failure.getMessage());
        }
        for (OutputFile file : files) {
            file.abort();
        }
    }

    private Throwable await() {
        try {
            done.join();
            return null;
        } catch (CompletionException e) {
            return e.getCause();
        }
    }

    private static RuntimeException unchecked(Throwable failure) {
        if (failure instanceof RuntimeException) {
            return (RuntimeException) failure;
        }
        if (failure instanceof Error) {
            throw (Error) failure;
        }
        return new ConnectException("S3 upload failed: " + failure, failure);
    }
}
