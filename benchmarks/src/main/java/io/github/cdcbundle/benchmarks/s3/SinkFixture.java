package io.github.cdcbundle.benchmarks.s3;

import io.github.cdcbundle.testkit.S3Server;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.github.cdcbundle.converters.JsonRendering;
import io.github.cdcbundle.s3sink.AwsObjectStore;
import io.github.cdcbundle.s3sink.S3SinkConfig;
import io.github.cdcbundle.s3sink.S3SinkTask;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * One S3Proxy in this JVM, a client built exactly as the sink builds its own, a sink task, and 1 KB CDC-like rows:
 * what the interleaved benchmark measures against.
 */
public final class SinkFixture {
    public static final String TOPIC = "rds.public.orders";
    static final TopicPartition TP = new TopicPartition(TOPIC, 0);
    static final Schema ROW = SchemaBuilder.struct().name("rds.public.orders.Value")
        .field("id", Schema.INT64_SCHEMA)
        .field("customer_id", Schema.INT64_SCHEMA)
        .field("status", Schema.STRING_SCHEMA)
        .field("amount", Decimal.builder(2).build())
        .field("currency", Schema.STRING_SCHEMA)
        .field("created_at", Timestamp.SCHEMA)
        .field("updated_at", Schema.INT64_SCHEMA)
        .field("note", Schema.OPTIONAL_STRING_SCHEMA)
        .field("__op", Schema.STRING_SCHEMA)
        .field("__source_ts_ms", Schema.INT64_SCHEMA)
        .build();

    final int recordsPerObject;
    private final S3Server server;
    private final S3Client client;
    private final String bucket = "bench";
    /** One object of these rows, byte for byte what the sink writes with the same format and rendering. */
    final byte[] body;
    private final String extension;
    private final S3SinkTask task;
    private long nextOffset;
    private long rawCounter;

    /**
     * @param variant analyst or kafka: format=json with that json.rendering (analyst is the default); parquet or
     *     parquet-zstd: format=parquet with the snappy (default) or zstd codec
     * @param uploadAsync s3.upload.async: whether closed batches upload on the task's upload thread (the default)
     */
    SinkFixture(int recordsPerObject, String variant, boolean uploadAsync) throws Exception {
        this.recordsPerObject = recordsPerObject;
        server = S3Server.start();
        Map<String, String> props = sinkProps(server, bucket, recordsPerObject, TOPIC);
        props.put(S3SinkConfig.S3_UPLOAD_ASYNC, String.valueOf(uploadAsync));
        boolean parquet = variant.startsWith("parquet");
        if (parquet) {
            props.put(S3SinkConfig.FORMAT, "parquet");
            props.put(S3SinkConfig.PARQUET_CODEC, variant.equals("parquet-zstd") ? "zstd" : "snappy");
        } else {
            props.put(S3SinkConfig.JSON_RENDERING, variant);
        }
        extension = parquet ? "parquet" : "json";
        client = AwsObjectStore.client(new S3SinkConfig(props));
        client.createBucket(b -> b.bucket(bucket));

        task = new S3SinkTask();
        task.initialize(new Context());
        task.start(props);
        task.open(List.of(TP));
        // Parquet's bytes are the sink's own first object (our writer is the only one that writes them); the
        // check below then shows that the next object, the same rows at other offsets, is the same bytes.
        body = parquet ? sinkObject() : objectBody(recordsPerObject, variant);
        checkSameBytes();
    }

    /** The sink's config for {@code bucket} on the server's admin endpoint, objects of {@code flushSize} records. */
    static Map<String, String> sinkProps(S3Server server, String bucket, int flushSize, String topic) {
        Map<String, String> props = new HashMap<>();
        props.put(S3SinkConfig.S3_BUCKET, bucket);
        // Measure the sink, not the test kit's IAM-enforcing proxy (a socket hop per request).
        props.put(S3SinkConfig.S3_ENDPOINT, server.adminEndpoint().toString());
        props.put(S3SinkConfig.S3_PATH_STYLE, "true");
        props.put(S3SinkConfig.AWS_ACCESS_KEY_ID, S3Server.ACCESS_KEY);
        props.put(S3SinkConfig.AWS_SECRET_ACCESS_KEY, S3Server.SECRET_KEY);
        props.put(S3SinkConfig.FLUSH_SIZE, String.valueOf(flushSize));
        props.put("topics", topic);
        return props;
    }

    /** The bytes of the sink's next object. */
    private byte[] sinkObject() {
        long first = nextOffset;
        timedPolls(1, recordsPerObject);
        String key = String.format("topics/%s/partition=0/%s+0+%010d.%s", TOPIC, TOPIC, first, extension);
        return client.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
    }

    /** The benchmark refuses to compare different work: the sink's object must be the raw body. */
    private void checkSameBytes() {
        byte[] written = sinkObject();
        if (!java.util.Arrays.equals(written, body)) {
            throw new IllegalStateException("the sink wrote " + written.length + " bytes that differ from the raw "
                + "PUT body (" + body.length + " bytes)");
        }
        emptyBucket();
    }

    /**
     * One object of {@code records} rows as the sink writes it with {@code json.rendering} (analyst: the converters'
     * rendering, ISO timestamps; kafka: JsonConverter's), so raw PUT and sink move the same bytes.
     */
    static byte[] objectBody(int records, String jsonRendering) {
        Function<Struct, byte[]> render;
        if ("analyst".equals(jsonRendering)) {
            JsonRendering json = JsonRendering.create(Map.of("converter.type", "value"));
            render = value -> json.render(ROW, value);
        } else {
            JsonConverter json = new JsonConverter();
            json.configure(Map.of("schemas.enable", "false", "decimal.format", "NUMERIC"), false);
            render = value -> json.fromConnectData(TOPIC, ROW, value);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < records; i++) {
            out.writeBytes(render.apply(row(i)));
            out.write('\n');
        }
        return out.toByteArray();
    }

    public static Struct row(long id) {
        StringBuilder note = new StringBuilder(760);
        while (note.length() < 740) {
            note.append("order note ").append(id).append(' ');
        }
        return new Struct(ROW).put("id", id).put("customer_id", 100_000 + id % 977).put("status", "SHIPPED")
            .put("amount", new BigDecimal("1234.50")).put("currency", "EUR")
            .put("created_at", new java.util.Date(1_714_557_600_000L + id))
            .put("updated_at", 1_714_557_600_123_456L + id).put("note", note.toString()).put("__op", "u")
            .put("__source_ts_ms", 1_714_557_600_000L + id);
    }

    /**
     * One PutObject of the body, streamed from the array as the sink does, under a key of the same shape as the
     * sink's ({@code partition=0}, {@code +}: S3Proxy's cost per request depends on the characters of the key, by
     * about 0.5 ms here); a network error is retried like the sink retries it (HttpURLConnection occasionally picks
     * a keep-alive connection the server has just closed).
     */
    Object rawPut() {
        String key = String.format("raw/%s/partition=0/%s+0+%010d.%s", TOPIC, TOPIC, rawCounter++, extension);
        for (int attempt = 1; ; attempt++) {
            try {
                return client.putObject(b -> b.bucket(bucket).key(key).contentType("application/x-ndjson")
                    .contentLength((long) body.length), RequestBody.fromContentProvider(
                        () -> new ByteArrayInputStream(body), body.length, "application/x-ndjson"));
            } catch (SdkClientException e) {
                if (attempt == 6) {
                    throw e;
                }
            }
        }
    }

    /**
     * The next {@code objects} objects' records through the task as a worker hands them over: each poll of
     * {@code pollSize} records is converted right before its {@code put} (new values for every record, as the worker's
     * converter makes them; untimed, that is the worker's work), then one offset commit. Returns the nanoseconds spent
     * in {@code put} and {@code preCommit}.
     */
    long timedPolls(int objects, int pollSize) {
        long nanos = 0;
        int total = objects * recordsPerObject;
        for (int from = 0; from < total; from += pollSize) {
            int size = Math.min(pollSize, total - from);
            List<SinkRecord> poll = convert(from, size, nextOffset);
            nextOffset += size;
            long start = System.nanoTime();
            task.put(poll);
            nanos += System.nanoTime() - start;
        }
        long start = System.nanoTime();
        commit();
        return nanos + System.nanoTime() - start;
    }

    /**
     * {@code objects} raw PutObjects with the same untimed work around them as the sink gets: before each object
     * its records are converted, poll by poll, exactly as {@link #timedPolls} converts them. Both sides thus leave the
     * server the same untimed gaps to finish a request's trailing work in. Returns the nanoseconds spent in PUTs.
     */
    long timedRawPuts(int objects, int pollSize) {
        long nanos = 0;
        for (int object = 0; object < objects; object++) {
            for (int from = 0; from < recordsPerObject; from += pollSize) {
                converted = convert(from, Math.min(pollSize, recordsPerObject - from), 0);
            }
            long start = System.nanoTime();
            rawPut();
            nanos += System.nanoTime() - start;
        }
        return nanos;
    }

    /** Kept so that the raw side's conversion cannot be optimised away. */
    private List<SinkRecord> converted;

    /** One poll of records with new values, rows {@code first…} (modulo an object's rows) from {@code offset}. */
    private List<SinkRecord> convert(int first, int size, long offset) {
        List<SinkRecord> poll = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            poll.add(new SinkRecord(TOPIC, 0, null, null, ROW, row((first + i) % recordsPerObject), offset + i,
                1_714_557_600_000L + offset + i, TimestampType.CREATE_TIME));
        }
        return poll;
    }

    private Object commit() {
        Map<TopicPartition, OffsetAndMetadata> offsets = task.preCommit(new HashMap<>());
        if (offsets.get(TP).offset() != nextOffset) {
            throw new IllegalStateException("records not uploaded: " + offsets);
        }
        return offsets;
    }

    /** Keeps the in-memory store small. */
    void emptyBucket() {
        List<ObjectIdentifier> ids = new ArrayList<>();
        for (S3Object object : client.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
            ids.add(ObjectIdentifier.builder().key(object.key()).build());
            if (ids.size() == 1000) {
                deleteAll(ids);
            }
        }
        deleteAll(ids);
    }

    private void deleteAll(List<ObjectIdentifier> ids) {
        if (!ids.isEmpty()) {
            List<ObjectIdentifier> batch = new ArrayList<>(ids);
            client.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(batch).quiet(true)));
            ids.clear();
        }
    }

    void close() throws Exception {
        task.stop();
        client.close();
        server.close();
    }

    /** The little a sink task needs from a worker here: the fixture's one partition. */
    public static final class Context implements SinkTaskContext {
        @Override
        public Map<String, String> configs() {
            return Map.of();
        }

        @Override
        public void offset(Map<TopicPartition, Long> offsets) {
        }

        @Override
        public void offset(TopicPartition tp, long offset) {
        }

        @Override
        public void timeout(long timeoutMs) {
        }

        @Override
        public Set<TopicPartition> assignment() {
            return Set.of(TP);
        }

        @Override
        public void pause(TopicPartition... partitions) {
        }

        @Override
        public void resume(TopicPartition... partitions) {
        }

        @Override
        public void requestCommit() {
        }

        @Override
        public PluginMetrics pluginMetrics() {
            return null;
        }
    }
}
