package io.github.cdcbundle.s3sink;

import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.github.cdcbundle.common.Version;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Writes each assigned partition through a {@link TopicPartitionWriter} and commits only offsets whose records are
 * in S3. Closed batches are uploaded on the task's upload thread ({@code s3.upload.async}) while the task thread
 * fills the next ones; preCommit waits for them. An S3 outage surfaces as {@link RetriableException} after
 * {@code context.timeout(retry.backoff.ms)}.
 */
public class S3SinkTask extends SinkTask {
    private static final Logger log = LoggerFactory.getLogger(S3SinkTask.class);
    private static final AtomicInteger UPLOAD_THREADS = new AtomicInteger();

    private final Function<S3SinkConfig, ObjectStore> storeFactory;
    private final Clock clock;
    private final RetryingObjectStore.Sleeper sleeper;

    private S3SinkConfig config;
    private TaskComponents components;
    private ErrantRecordReporter errantRecords;
    /** The upload thread, or null with s3.upload.async=false. */
    private ExecutorService uploader;
    private final Map<TopicPartition, TopicPartitionWriter> writers = new HashMap<>();
    private String lastTopic;
    private int lastPartition;
    private TopicPartitionWriter lastWriter;

    public S3SinkTask() {
        this(config -> new AwsObjectStore(AwsObjectStore.client(config), config.bucket()), Clock.systemUTC());
    }

    /**
     * Visible for testing (package-private, so not part of the plugin's API): the store (tests wrap the real one to
     * inject crashes and outages) and the wall clock.
     */
    S3SinkTask(Function<S3SinkConfig, ObjectStore> storeFactory, Clock clock) {
        this.storeFactory = storeFactory;
        this.clock = clock;
        this.sleeper = Thread::sleep;
    }

    @Override
    public String version() {
        return Version.of(S3SinkConnector.class);
    }

    @Override
    public void start(Map<String, String> props) {
        config = new S3SinkConfig(props);
        ObjectStore store = new RetryingObjectStore(storeFactory.apply(config), config.retryMaxAttempts(),
            config.retryBackoffMs(), config.retryMaxBackoffMs(), sleeper);
        uploader = config.uploadAsync() ? Executors.newSingleThreadExecutor(uploadThreads(props.get("name"))) : null;
        components = new TaskComponents(config, store, clock, uploader);
        errantRecords = errantRecordReporter();
        log.info("S3 sink task writing to bucket {} under '{}' ({} objects, recovery markers {})", config.bucket(),
            config.topicsDir(), config.extension(), components.markers ? "on" : "off");
    }

    /**
     * The upload thread: named after the connector, logging with the task's context (Connect's MDC, e.g.
     * {@code [cdc-s3-sink|task-0]}), a daemon (an upload never keeps a worker's JVM alive; stop() waits anyway).
     */
    private static ThreadFactory uploadThreads(String connector) {
        Map<String, String> context = MDC.getCopyOfContextMap();
        String name = "s3-sink-upload-" + (connector == null ? "" : connector + "-");
        return runnable -> {
            Thread thread = new Thread(() -> {
                if (context != null) {
                    MDC.setContextMap(context);
                }
                runnable.run();
            }, name + UPLOAD_THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void open(Collection<TopicPartition> partitions) {
        forgetLastWriter();
        for (TopicPartition tp : partitions) {
            writers.put(tp, new TopicPartitionWriter(tp, components));
        }
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        try {
            for (SinkRecord record : records) {
                TopicPartitionWriter writer = writerFor(record);
                try {
                    writer.put(record);
                } catch (DataException e) {
                    // A record we cannot write (bad timestamp field, value not matching its schema, ...): with
                    // errors.tolerance=all it goes to the dead letter queue and its offset is committed like the
                    // others; Connect waits for the report before committing. behavior.on.null.values=fail fails.
                    if (errantRecords == null || (record.value() == null
                        && config.nullValueBehavior() == NullValueBehavior.FAIL)) {
                        throw e;
                    }
                    errantRecords.report(record, e);
                    writer.skip(record);
                }
            }
            for (TopicPartitionWriter writer : writers.values()) {
                writer.noteEndedUpload();
                writer.rotateOnSchedule();
            }
        } catch (RetriableException e) {
            context.timeout(config.outageBackoffMs());
            throw e;
        }
    }

    /**
     * The record's partition writer. A poll hands over records grouped by partition, so the last one is kept: this
     * saves a TopicPartition and a hash lookup per record.
     */
    private TopicPartitionWriter writerFor(SinkRecord record) {
        String topic = record.topic();
        int partition = record.kafkaPartition();
        if (lastWriter != null && partition == lastPartition && topic.equals(lastTopic)) {
            return lastWriter;
        }
        TopicPartitionWriter writer = writers.computeIfAbsent(new TopicPartition(topic, partition),
            p -> new TopicPartitionWriter(p, components));
        lastTopic = topic;
        lastPartition = partition;
        lastWriter = writer;
        return writer;
    }

    private void forgetLastWriter() {
        lastWriter = null;
        lastTopic = null;
    }

    private ErrantRecordReporter errantRecordReporter() {
        try {
            return context == null ? null : context.errantRecordReporter();
        } catch (NoSuchMethodError | NoClassDefFoundError e) {
            return null;
        }
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        // A failed background upload is left to the next put, which reports it (a RetriableException makes Connect
        // back off) and then resumes it; the commit only keeps the offset at that batch's start.
        awaitUploads();
        for (Map.Entry<TopicPartition, TopicPartitionWriter> entry : writers.entrySet()) {
            TopicPartitionWriter writer = entry.getValue();
            if (writer.uploadFailed()) {
                continue;
            }
            try {
                writer.rotateOnSchedule();
            } catch (ConnectException e) {
                // Not fatal here: the rotation is resumed by the next put, and the offset stays at the batch start.
                log.warn("{}: scheduled upload failed, will retry: {}", entry.getKey(), e.getMessage());
            }
        }
        awaitUploads();
        Map<TopicPartition, OffsetAndMetadata> result = new HashMap<>();
        for (Map.Entry<TopicPartition, TopicPartitionWriter> entry : writers.entrySet()) {
            TopicPartitionWriter writer = entry.getValue();
            long offset = writer.committableOffset();
            if (offset >= 0) {
                writer.committing(offset);
                result.put(entry.getKey(), new OffsetAndMetadata(offset));
            }
        }
        return result;
    }

    /**
     * Waits until no batch of this task is being uploaded, so the offsets cover everything closed so far; a failed
     * upload is left for the next put to report and resume. Package-private for the tests' crashes: a dead worker's
     * requests have either reached S3 or not, none arrives after its successor started.
     */
    void awaitUploads() {
        for (TopicPartitionWriter writer : writers.values()) {
            writer.awaitUpload();
        }
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        forgetLastWriter();
        for (TopicPartition tp : partitions) {
            TopicPartitionWriter writer = writers.remove(tp);
            if (writer != null) {
                writer.close();
            }
        }
    }

    @Override
    public void stop() {
        for (TopicPartitionWriter writer : writers.values()) {
            writer.close();
        }
        writers.clear();
        forgetLastWriter();
        if (uploader != null) {
            uploader.shutdown();
        }
        if (components != null) {
            components.store.close();
        }
    }
}
