package io.github.cdcbundle.s3sink;

import io.github.cdcbundle.testkit.Poll;
import io.github.cdcbundle.testkit.S3Server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedS3Proxy.class)
class S3SinkTaskTest {
    static final TopicPartition P0 = new TopicPartition("orders", 0);
    static final TopicPartition P1 = new TopicPartition("orders", 1);
    static final Schema ROW = SchemaBuilder.struct().name("row")
        .field("id", Schema.INT64_SCHEMA)
        .field("name", Schema.STRING_SCHEMA)
        .field("price", Decimal.builder(2).optional().build())
        .build();
    /** 2024-05-01T10:00:00Z, a whole hour. */
    static final long T0 = Instant.parse("2024-05-01T10:00:00Z").toEpochMilli();

    S3Bucket bucket;
    Map<String, String> props;
    MutableClock clock;

    @BeforeEach
    void setUp(S3Server server) {
        bucket = new S3Bucket(server);
        props = bucket.config();
        clock = new MutableClock(T0);
    }

    static Struct row(long id) {
        return new Struct(ROW).put("id", id).put("name", "n" + id).put("price", new BigDecimal("1.50"));
    }

    static SinkRecord rec(TopicPartition tp, long offset, long timestamp) {
        return TaskDriver.record(tp.topic(), tp.partition(), offset, ROW, row(offset), timestamp);
    }

    static List<SinkRecord> recs(TopicPartition tp, long from, int count, long timestamp) {
        List<SinkRecord> out = new ArrayList<>();
        for (long o = from; o < from + count; o++) {
            out.add(rec(tp, o, timestamp));
        }
        return out;
    }

    TaskDriver driver() {
        return new TaskDriver(props, clock, TaskDriver.aws());
    }

    @Test
    void rotatesByFlushSizeWithDeterministicKeysAndCommitsOnlyUploadedOffsets() {
        props.put(S3SinkConfig.FLUSH_SIZE, "3");
        TaskDriver driver = driver();
        driver.startTask(List.of(P0, P1));
        List<SinkRecord> batch = new ArrayList<>(recs(P0, 0, 7, T0));
        batch.addAll(recs(P1, 100, 2, T0));
        driver.put(batch);

        Map<TopicPartition, OffsetAndMetadata> offsets = driver.commit();

        assertThat(offsets).containsEntry(P0, new OffsetAndMetadata(6)).containsEntry(P1, new OffsetAndMetadata(100));
        Map<String, List<String>> objects = bucket.dataObjects("topics");
        assertThat(objects).containsOnlyKeys(
            "topics/orders/partition=0/orders+0+0000000000.json",
            "topics/orders/partition=0/orders+0+0000000003.json");
        assertThat(objects.get("topics/orders/partition=0/orders+0+0000000000.json")).containsExactly(
            "{\"id\":0,\"name\":\"n0\",\"price\":1.50}",
            "{\"id\":1,\"name\":\"n1\",\"price\":1.50}",
            "{\"id\":2,\"name\":\"n2\",\"price\":1.50}");
        assertThat(bucket.keys("topics/_markers/")).as("no markers without wall-clock rotation").isEmpty();
    }

    @Test
    void redeliveredRecordsAreNotTakenTwice() {
        props.put(S3SinkConfig.FLUSH_SIZE, "4");
        TaskDriver driver = driver();
        driver.startTask(List.of(P0));
        driver.put(recs(P0, 0, 3, T0));
        driver.put(recs(P0, 0, 5, T0));

        assertThat(driver.commit()).containsEntry(P0, new OffsetAndMetadata(4));
        assertThat(bucket.dataObjects("topics").get("topics/orders/partition=0/orders+0+0000000000.json"))
            .hasSize(4);
    }

    @Test
    void rotatesByRecordTimeIntoTimeFolders() {
        props.put(S3SinkConfig.PARTITIONER, "time");
        props.put(S3SinkConfig.ROTATE_INTERVAL_MS, "60000");
        props.put(S3SinkConfig.FLUSH_SIZE, "1000");
        TaskDriver driver = driver();
        driver.startTask(List.of(P0));
        driver.put(List.of(rec(P0, 0, T0 + 1_000), rec(P0, 1, T0 + 30_000), rec(P0, 2, T0 + 61_000)));

        assertThat(driver.commit()).containsEntry(P0, new OffsetAndMetadata(2));
        assertThat(bucket.dataObjects("topics")).containsOnlyKeys(
            "topics/orders/year=2024/month=05/day=01/hour=10/orders+0+0000000000.json");

        driver.put(List.of(rec(P0, 3, T0 + 3_600_000)));
        driver.put(List.of(rec(P0, 4, T0 + 3_700_000)));
        assertThat(driver.commit()).containsEntry(P0, new OffsetAndMetadata(4));
        assertThat(bucket.dataObjects("topics")).containsOnlyKeys(
            "topics/orders/year=2024/month=05/day=01/hour=10/orders+0+0000000000.json",
            "topics/orders/year=2024/month=05/day=01/hour=10/orders+0+0000000002.json",
            "topics/orders/year=2024/month=05/day=01/hour=11/orders+0+0000000003.json");
    }

    @Test
    void rotatesOnWallClockScheduleEvenWhenThePartitionIsIdle() {
        props.put(S3SinkConfig.ROTATE_SCHEDULE_INTERVAL_MS, "60000");
        TaskDriver driver = driver();
        driver.startTask(List.of(P0));
        driver.put(recs(P0, 0, 2, T0));
        clock.advance(59_999);
        assertThat(driver.commit()).containsEntry(P0, new OffsetAndMetadata(0));
        assertThat(bucket.dataObjects("topics")).isEmpty();

        clock.advance(1);
        assertThat(driver.commit()).containsEntry(P0, new OffsetAndMetadata(2));
        assertThat(bucket.dataObjects("topics")).containsOnlyKeys("topics/orders/partition=0/orders+0+0000000000.json");
        assertThat(bucket.keys("topics/_markers/")).containsExactly("topics/_markers/orders+0.txt");
    }

    @Test
    void recoveryMarkerListsOnlyBatchesWhoseCommitIsNotYetKnown() {
        props.put(S3SinkConfig.ROTATE_SCHEDULE_INTERVAL_MS, "60000");
        TaskDriver driver = driver();
        driver.startTask(List.of(P0));
        for (int batch = 0; batch < 10; batch++) {
            driver.put(recs(P0, batch * 2L, 2, T0));
            clock.advance(60_000);
            driver.commit();
        }
        // Uploaded batches stay listed until a later preCommit follows the one that returned their end offset.
        List<String> marker = new String(bucket.client.getObjectAsBytes(b -> b.bucket(bucket.name)
            .key("topics/_markers/orders+0.txt")).asByteArray(), StandardCharsets.UTF_8).lines()
            .collect(java.util.stream.Collectors.toList());
        assertThat(marker).containsExactly(RecoveryMarker.HEADER,
            "16 18 topics%2Forders%2Fpartition%3D0%2Forders%2B0%2B0000000016.json",
            "18 20 topics%2Forders%2Fpartition%3D0%2Forders%2B0%2B0000000018.json");
        assertThat(bucket.dataObjects("topics")).hasSize(10);
    }

    @Test
    void aRebalanceThatTakesThePartitionAwayAndBackLosesAndDoublesNothing() {
        props.put(S3SinkConfig.FLUSH_SIZE, "3");
        props.put(S3SinkConfig.ROTATE_SCHEDULE_INTERVAL_MS, "60000");
        TaskDriver driver = driver();
        S3SinkTask task = driver.startTask(List.of(P0));
        driver.put(recs(P0, 0, 4, T0));
        driver.commit();
        clock.advance(60_000);
        // The scheduled upload of offset 3 happens, then the partition is revoked before its commit.
        task.put(List.of());
        task.close(List.of(P0));
        task.open(List.of(P0));
        driver.put(recs(P0, driver.committed(P0), 7 - (int) driver.committed(P0), T0));
        clock.advance(60_000);
        driver.commit();

        assertThat(driver.committed(P0)).isEqualTo(7);
        List<String> lines = new ArrayList<>();
        bucket.dataObjects("topics").values().forEach(lines::addAll);
        assertThat(lines).hasSize(7).doesNotHaveDuplicates();
    }

    @Test
    void nullValuesAreSkippedAndCommittedByDefault() {
        props.put(S3SinkConfig.FLUSH_SIZE, "2");
        TaskDriver driver = driver();
        driver.startTask(List.of(P0));
        driver.put(List.of(TaskDriver.record("orders", 0, 0, null, null, T0), rec(P0, 1, T0),
            TaskDriver.record("orders", 0, 2, ROW, null, T0), rec(P0, 3, T0),
            TaskDriver.record("orders", 0, 4, null, null, T0)));

        assertThat(driver.commit()).containsEntry(P0, new OffsetAndMetadata(5));
        assertThat(bucket.dataObjects("topics")).containsOnlyKeys("topics/orders/partition=0/orders+0+0000000001.json");
        assertThat(bucket.dataObjects("topics").values().iterator().next()).hasSize(2);
    }

    @Test
    void nullValuesFailWhenConfiguredNamingTheRecord() {
        props.put(S3SinkConfig.BEHAVIOR_ON_NULL_VALUES, "FAIL");
        TaskDriver driver = driver();
        driver.startTask(List.of(P0));
        assertThatThrownBy(() -> driver.put(List.of(TaskDriver.record("orders", 0, 7, null, null, T0))))
            .isInstanceOf(DataException.class)
            .hasMessage("Null value (tombstone) with [behavior.on.null.values=fail] at topic orders, partition 0, "
                + "offset 7");
    }

    @Test
    void nullValuesCanBeWrittenSoDeletesAreKept() {
        props.put(S3SinkConfig.FLUSH_SIZE, "2");
        props.put(S3SinkConfig.BEHAVIOR_ON_NULL_VALUES, "write");
        props.put(S3SinkConfig.STORE_KAFKA_KEYS, "true");
        TaskDriver driver = driver();
        driver.startTask(List.of(P0));
        driver.put(List.of(rec(P0, 0, T0), TaskDriver.record("orders", 0, 1, null, null, T0)));
        driver.commit();

        assertThat(bucket.lines("topics/orders/partition=0/orders+0+0000000000.json")).containsExactly(
            "{\"key\":\"k0\",\"value\":{\"id\":0,\"name\":\"n0\",\"price\":1.50}}",
            "{\"key\":\"k1\",\"value\":null}");
    }

    @Test
    void unwritableRecordsGoToTheErrantRecordReporterWhenThereIsOne() {
        props.put(S3SinkConfig.FLUSH_SIZE, "2");
        props.put(S3SinkConfig.PARTITIONER, "time");
        props.put(S3SinkConfig.TIMESTAMP_EXTRACTOR, "RecordField");
        props.put(S3SinkConfig.TIMESTAMP_FIELD, "ts");
        TaskDriver driver = driver();
        driver.context.errant = new ArrayList<>();
        driver.startTask(List.of(P0));
        SinkRecord bad = TaskDriver.record("orders", 0, 1, null, Map.of("ts", "yesterday"), T0);
        driver.put(List.of(TaskDriver.record("orders", 0, 0, null, Map.of("ts", T0), T0), bad,
            TaskDriver.record("orders", 0, 2, null, Map.of("ts", T0 + 1), T0)));

        assertThat(driver.context.errant).containsExactly(bad);
        assertThat(driver.commit()).containsEntry(P0, new OffsetAndMetadata(3));
        assertThat(bucket.lines("topics/orders/year=2024/month=05/day=01/hour=10/orders+0+0000000000.json"))
            .hasSize(2);

        TaskDriver strict = new TaskDriver(props, clock, TaskDriver.aws());
        strict.startTask(List.of(P0));
        assertThatThrownBy(() -> strict.put(List.of(bad))).isInstanceOf(DataException.class)
            .hasMessage("Cannot read [timestamp.field] at topic orders, partition 0, offset 1: a string timestamp "
                + "must be ISO-8601 (e.g. 2024-05-01T10:15:30Z)");
    }

    /**
     * The default rendering streams each line into the object's buffer: a record that fails half-way (a JSON column
     * that does not parse, after 20 KB of fields before it reached the buffer) must leave no trace, also when it
     * would have opened the object.
     */
    @Test
    void aRecordThatFailsHalfRenderedLeavesNothingBehind() {
        props.put(S3SinkConfig.FLUSH_SIZE, "2");
        Schema doc = SchemaBuilder.struct()
            .field("id", Schema.INT32_SCHEMA)
            .field("pad", Schema.STRING_SCHEMA)
            .field("doc", new SchemaBuilder(Schema.Type.STRING).name("io.debezium.data.Json").version(1).build())
            .build();
        TaskDriver driver = driver();
        driver.context.errant = new ArrayList<>();
        driver.startTask(List.of(P0));
        List<SinkRecord> records = new ArrayList<>();
        String[] docs = {"{broken", "[1]", "{\"a\": true", "{\"b\": 2}"};
        String pad = "p".repeat(20_000);
        for (int o = 0; o < docs.length; o++) {
            records.add(TaskDriver.record("orders", 0, o, doc,
                new Struct(doc).put("id", o).put("pad", pad).put("doc", docs[o]), T0));
        }
        driver.put(records);
        driver.commit();

        assertThat(driver.context.errant).extracting(SinkRecord::kafkaOffset).containsExactly(0L, 2L);
        // The first record failed before its object existed: the object starts at offset 1.
        assertThat(bucket.keys("topics/")).containsExactly("topics/orders/partition=0/orders+0+0000000001.json");
        assertThat(bucket.lines("topics/orders/partition=0/orders+0+0000000001.json"))
            .containsExactly("{\"id\":1,\"pad\":\"" + pad + "\",\"doc\":[1]}",
                "{\"id\":3,\"pad\":\"" + pad + "\",\"doc\":{\"b\":2}}");
    }

    @Test
    void gzipObjectsHoldTheSameLines() {
        props.put(S3SinkConfig.FLUSH_SIZE, "2");
        props.put(S3SinkConfig.COMPRESSION, "gzip");
        TaskDriver driver = driver();
        driver.startTask(List.of(P0));
        driver.put(recs(P0, 0, 2, T0));
        driver.commit();

        assertThat(bucket.keys("topics/")).containsExactly("topics/orders/partition=0/orders+0+0000000000.json.gz");
        assertThat(bucket.lines("topics/orders/partition=0/orders+0+0000000000.json.gz")).containsExactly(
            "{\"id\":0,\"name\":\"n0\",\"price\":1.50}", "{\"id\":1,\"name\":\"n1\",\"price\":1.50}");
    }

    @Test
    void schemalessMapsAndBytesFormat() {
        props.put(S3SinkConfig.FLUSH_SIZE, "1");
        TaskDriver driver = driver();
        driver.startTask(List.of(P0));
        Map<String, Object> value = new HashMap<>();
        value.put("a", List.of(1, 2));
        driver.put(List.of(TaskDriver.record("orders", 0, 0, null, value, T0)));
        driver.commit();
        assertThat(bucket.lines("topics/orders/partition=0/orders+0+0000000000.json")).containsExactly(
            "{\"a\":[1,2]}");

        S3Bucket raw = new S3Bucket(bucket.server);
        Map<String, String> rawProps = raw.config();
        rawProps.put(S3SinkConfig.FORMAT, "bytes");
        rawProps.put(S3SinkConfig.FLUSH_SIZE, "2");
        TaskDriver rawDriver = new TaskDriver(rawProps, clock, TaskDriver.aws());
        rawDriver.startTask(List.of(P0));
        rawDriver.put(List.of(
            TaskDriver.record("orders", 0, 0, Schema.BYTES_SCHEMA, "a,b".getBytes(StandardCharsets.UTF_8), T0),
            TaskDriver.record("orders", 0, 1, Schema.BYTES_SCHEMA, "c".getBytes(StandardCharsets.UTF_8), T0)));
        rawDriver.commit();
        assertThat(raw.lines("topics/orders/partition=0/orders+0+0000000000.bin")).containsExactly("a,b", "c");
    }

    @Test
    void storesKeysAndHeadersInAWrapperObject() {
        props.put(S3SinkConfig.FLUSH_SIZE, "1");
        props.put(S3SinkConfig.STORE_KAFKA_KEYS, "true");
        props.put(S3SinkConfig.STORE_KAFKA_HEADERS, "true");
        TaskDriver driver = driver();
        driver.startTask(List.of(P0));
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("trace\"id", "t-1");
        headers.addInt("n", 3);
        driver.put(List.of(new SinkRecord("orders", 0, Schema.STRING_SCHEMA, "k1", ROW, row(1), 0, T0,
            TimestampType.CREATE_TIME, headers)));
        driver.commit();

        assertThat(bucket.lines("topics/orders/partition=0/orders+0+0000000000.json")).containsExactly(
            "{\"key\":\"k1\",\"headers\":[{\"key\":\"trace\\\"id\",\"value\":\"t-1\"},{\"key\":\"n\",\"value\":3}],"
                + "\"value\":{\"id\":1,\"name\":\"n1\",\"price\":1.50}}");
    }

    @Test
    void fieldPartitionerFoldersAndOneBatchPerKafkaPartition() {
        props.put(S3SinkConfig.PARTITIONER, "field");
        props.put(S3SinkConfig.PARTITION_FIELD_NAME, "name");
        props.put(S3SinkConfig.FLUSH_SIZE, "2");
        TaskDriver driver = driver();
        driver.startTask(List.of(P0));
        driver.put(recs(P0, 0, 2, T0));
        driver.commit();

        assertThat(bucket.keys("topics/")).containsExactly(
            "topics/orders/name=n0/orders+0+0000000000.json",
            "topics/orders/name=n1/orders+0+0000000001.json");
    }

    @Test
    void largeObjectsGoUpAsMultipartWithBoundedBuffers() {
        props.put(S3SinkConfig.S3_PART_SIZE, String.valueOf(S3SinkConfig.MIN_PART_SIZE));
        props.put(S3SinkConfig.FLUSH_SIZE, "12000");
        Set<Integer> parts = java.util.concurrent.ConcurrentHashMap.newKeySet();
        TaskDriver driver = new TaskDriver(props, clock, config -> new ForwardingStore(TaskDriver.aws().apply(config)) {
            @Override
            public String uploadPart(String key, String uploadId, int partNumber, byte[] data, int length) {
                parts.add(partNumber); // a retried part counts once
                assertThat(length).isLessThan(S3SinkConfig.MIN_PART_SIZE + 2048);
                assertThat(data.length).isLessThanOrEqualTo(S3SinkConfig.MIN_PART_SIZE + 64 * 1024 + 2048);
                return super.uploadPart(key, uploadId, partNumber, data, length);
            }
        });
        driver.startTask(List.of(P0));
        String pad = "x".repeat(1000);
        driver.put(TaskDriver.strings("orders", 0, 12000, pad, T0));
        driver.commit();

        assertThat(parts).containsExactlyInAnyOrder(1, 2, 3);
        List<String> lines = bucket.lines("topics/orders/partition=0/orders+0+0000000000.json");
        assertThat(lines).hasSize(12000).allMatch(l -> l.equals("\"" + pad + "\""));
    }

    @Test
    void aRetriedCompletionOfAnAlreadyCompletedUploadSucceeds() {
        S3SinkConfig config = new S3SinkConfig(props);
        // As the task uses it: the JVM's pooled connections may include ones the server has closed.
        ObjectStore store = new RetryingObjectStore(new AwsObjectStore(AwsObjectStore.client(config), bucket.name), 3,
            1, 1, ms -> { });
        byte[] part = "a line\n".getBytes(StandardCharsets.UTF_8);
        String uploadId = store.startMultipart("k.json", ObjectAttributes.of("application/x-ndjson"));
        List<String> etags = List.of(store.uploadPart("k.json", uploadId, 1, part, part.length));
        store.completeMultipart("k.json", uploadId, etags);
        store.completeMultipart("k.json", uploadId, etags);
        assertThat(bucket.lines("k.json")).containsExactly("a line");
        store.close();
    }

    /**
     * A data PutObject that waits for the test's go, on whatever thread the sink makes it, then fails with S3's 503 as
     * many times as {@code failures} says.
     */
    static final class HeldPuts extends ForwardingStore {
        final CountDownLatch go = new CountDownLatch(1);
        final CountDownLatch entered = new CountDownLatch(1);
        final List<String> threads = new CopyOnWriteArrayList<>();
        final List<String> landed = new CopyOnWriteArrayList<>();
        final AtomicInteger failures = new AtomicInteger();

        HeldPuts(ObjectStore delegate) {
            super(delegate);
        }

        @Override
        public void put(String key, byte[] data, int length, ObjectAttributes attributes) {
            threads.add(Thread.currentThread().getName());
            entered.countDown();
            try {
                go.await();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            if (failures.getAndDecrement() > 0) {
                throw software.amazon.awssdk.services.s3.model.S3Exception.builder().statusCode(503)
                    .message("Slow Down").build();
            }
            super.put(key, data, length, attributes);
            landed.add(key);
        }
    }

    /** Until the thread waits, i.e. is blocked in the sink. */
    private static void awaitWaiting(Thread thread) {
        Poll.untilTrue(thread.getName() + " to wait in the sink", Duration.ofSeconds(10),
            () -> thread.getState() == Thread.State.WAITING || thread.getState() == Thread.State.TIMED_WAITING);
    }

    @Test
    void aClosedBatchIsUploadedInTheBackgroundAndCommittedOnlyOnceInS3() throws Exception {
        props.put(S3SinkConfig.FLUSH_SIZE, "2");
        HeldPuts store = new HeldPuts(TaskDriver.aws().apply(new S3SinkConfig(props)));
        TaskDriver driver = new TaskDriver(props, clock, config -> store);
        driver.startTask(List.of(P0));
        // The batch [0, 2) closes with the second record; put returns while its upload waits.
        driver.put(recs(P0, 0, 3, T0));
        assertThat(store.entered.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(store.threads).as("the upload runs on the task's upload thread")
            .singleElement().asString().startsWith("s3-sink-upload-");
        assertThat(bucket.keys("topics/")).isEmpty();

        // The offset commit waits for the upload in flight, then commits what it holds, not the open batch.
        CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> commit =
            new CompletableFuture<>();
        Thread committer = new Thread(() -> commit.complete(driver.commit()), "committer");
        try {
            committer.start();
            awaitWaiting(committer);
            assertThat(commit).isNotDone();
        } finally {
            store.go.countDown();
        }
        assertThat(commit.get(10, TimeUnit.SECONDS)).containsEntry(P0, new OffsetAndMetadata(2));
        assertThat(bucket.lines("topics/orders/partition=0/orders+0+0000000000.json")).hasSize(2);
        driver.task.stop();
    }

    @Test
    void aFailedBackgroundUploadIsReportedByTheNextPutThenResumedWithNothingLostOrDoubled() {
        props.put(S3SinkConfig.FLUSH_SIZE, "2");
        // Not the shipped retry settings: this test is about the attempts running out (one attempt), and the outage
        // backoff Connect is told is a value of its own, to tell it from the default.
        props.put(S3SinkConfig.S3_RETRY_MAX_ATTEMPTS, "1");
        props.put(S3SinkConfig.RETRY_BACKOFF_MS, "4321");
        HeldPuts store = new HeldPuts(TaskDriver.aws().apply(new S3SinkConfig(props)));
        store.failures.set(1);
        TaskDriver driver = new TaskDriver(props, clock, config -> store);
        driver.startTask(List.of(P0));
        // The batch [0, 2) closes; its upload is held until put has returned, then fails.
        driver.put(recs(P0, 0, 3, T0));
        store.go.countDown();
        // The commit waits for the failed upload, leaves the offset at its batch's start and the failure to put.
        assertThat(driver.commit()).containsEntry(P0, new OffsetAndMetadata(0));
        assertThat(driver.commit()).containsEntry(P0, new OffsetAndMetadata(0));
        assertThatThrownBy(() -> driver.put(recs(P0, 3, 1, T0)))
            .isInstanceOf(org.apache.kafka.connect.errors.RetriableException.class)
            .hasMessageContaining("S3 PutObject of topics/orders/partition=0/orders+0+0000000000.json still failing");
        assertThat(driver.context.lastTimeoutMs).isEqualTo(4321);
        // Connect re-delivers the same records: the upload resumes on the task thread, then records flow again.
        driver.put(recs(P0, 3, 1, T0));
        assertThat(driver.commit()).containsEntry(P0, new OffsetAndMetadata(4));
        List<String> lines = new ArrayList<>();
        bucket.dataObjects("topics").values().forEach(lines::addAll);
        assertThat(lines).hasSize(4).doesNotHaveDuplicates();
        driver.task.stop();
    }

    @Test
    void closingAPartitionWaitsForItsUploadSoNothingLandsAfterItMovedOn() throws Exception {
        props.put(S3SinkConfig.FLUSH_SIZE, "2");
        HeldPuts store = new HeldPuts(TaskDriver.aws().apply(new S3SinkConfig(props)));
        TaskDriver driver = new TaskDriver(props, clock, config -> store);
        S3SinkTask task = driver.startTask(List.of(P0));
        driver.put(recs(P0, 0, 2, T0));
        Thread closer = new Thread(() -> task.close(List.of(P0)), "closer");
        try {
            closer.start();
            awaitWaiting(closer);
            assertThat(store.landed).isEmpty();
        } finally {
            store.go.countDown();
        }
        closer.join(10_000);
        assertThat(closer.isAlive()).isFalse();
        assertThat(store.landed).containsExactly("topics/orders/partition=0/orders+0+0000000000.json");
        task.stop();
    }

    /** Delegates every call; tests override what they watch. */
    static class ForwardingStore implements ObjectStore {
        final ObjectStore delegate;

        ForwardingStore(ObjectStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public void put(String key, byte[] data, int length, ObjectAttributes attributes) {
            delegate.put(key, data, length, attributes);
        }

        @Override
        public String startMultipart(String key, ObjectAttributes attributes) {
            return delegate.startMultipart(key, attributes);
        }

        @Override
        public String uploadPart(String key, String uploadId, int partNumber, byte[] data, int length) {
            return delegate.uploadPart(key, uploadId, partNumber, data, length);
        }

        @Override
        public void completeMultipart(String key, String uploadId, List<String> etags) {
            delegate.completeMultipart(key, uploadId, etags);
        }

        @Override
        public void abortMultipart(String key, String uploadId) {
            delegate.abortMultipart(key, uploadId);
        }

        @Override
        public java.util.Optional<byte[]> get(String key) {
            return delegate.get(key);
        }

        @Override
        public void delete(Collection<String> keys) {
            delegate.delete(keys);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
