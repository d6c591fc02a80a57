package io.github.cdcbundle.s3sink;

import io.github.cdcbundle.benchmarks.PostgresChangeEvents;
import io.github.cdcbundle.benchmarks.s3.SinkFixture;
import io.github.cdcbundle.converters.JsonRendering;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Does {@code json.rendering=kafka} earn its own encoder? One record's line, rendered each way the sink could render
 * it, into the object's {@code PartBuffer} as {@code OutputFile} does without gzip (streaming, roll-back possible). In the sink's package
 * because its renderers are package-private.
 *
 * <ul>
 *   <li>{@code kafka}: the sink's {@code kafka} rendering ({@code JsonLineWriter}, JsonConverter for what it does not
 *       cover).</li>
 *   <li>{@code jsonConverter}: Kafka's JsonConverter alone, what {@code kafka} would cost without its own
 *       encoder.</li>
 *   <li>{@code converterNearKafka}: the converters' rendering with the options closest to JsonConverter's
 *       ({@code temporal.format=epoch-millis}, {@code replace.null.with.default=true}, {@code decimal.format=number},
 *       {@code duration.format=number}).</li>
 *   <li>{@code analyst}: the sink's default rendering.</li>
 * </ul>
 * The shared build machine's load swings by several times within seconds, so the four are interleaved inside each
 * operation: 64 records through each renderer in turn, the first renderer rotating every operation, each timed with
 * {@code System.nanoTime}. Setup prints how many rows each way writes byte-identical to JsonConverter; the end of
 * the run prints ns per record, records/s and the time ratio to {@code kafka}, per measurement iteration and in all.
 * Rows: {@code orders} is the S3 sink benchmark's 1 KB row (Decimal, Connect Timestamp, a 740-char note),
 * {@code debezium} the flattened 20-column Debezium row of the converter benchmark (MicroTimestamp, ZonedTimestamp,
 * Date, Uuid, Json, float, ...).
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main KafkaRenderingBenchmark</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class KafkaRenderingBenchmark {
    private static final String[] WAYS = {"kafka", "jsonConverter", "converterNearKafka", "analyst"};
    private static final int BATCH = 64;

    @Param({"orders", "debezium"})
    public String row;

    private SinkRecord[] records;
    private final RecordRenderer[] renderers = new RecordRenderer[WAYS.length];
    /** The object buffer the sink renders into (unsynchronised, unlike ByteArrayOutputStream). */
    private final PartBuffer out = new PartBuffer(S3SinkConfig.MIN_PART_SIZE, 4096);
    private final long[] iterationNanos = new long[WAYS.length];
    private final long[] totalNanos = new long[WAYS.length];
    private long iterationRecords;
    private long totalRecords;
    private int next;
    private int operation;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        records = new SinkRecord[1024];
        if (row.equals("orders")) {
            for (int i = 0; i < records.length; i++) {
                records[i] = record(SinkFixture.TOPIC, SinkFixture.row(i), i);
            }
        } else {
            org.apache.kafka.connect.source.SourceRecord[] events = PostgresChangeEvents.generate(records.length, 42);
            for (int i = 0; i < records.length; i++) {
                Struct envelope = (Struct) events[i].value();
                Struct after = envelope.getStruct("after");
                records[i] = record(PostgresChangeEvents.TOPIC, after != null ? after : envelope.getStruct("before"), i);
            }
        }
        JsonConverter reference = RecordRenderer.jsonConverter(false);
        for (int w = 0; w < WAYS.length; w++) {
            renderers[w] = renderer(WAYS[w]);
            int same = 0;
            for (SinkRecord record : records) {
                out.reset();
                renderers[w].writeTo(record, out, true);
                same += Arrays.equals(Arrays.copyOf(out.array(), out.size()), reference.fromConnectData(record.topic(),
                    record.valueSchema(), record.value())) ? 1 : 0;
            }
            System.out.printf("%n%s / %s: %d of %d rows byte-identical to JsonConverter", row, WAYS[w], same,
                records.length);
        }
        System.out.println();
    }

    private static SinkRecord record(String topic, Struct value, long offset) {
        return new SinkRecord(topic, 0, null, null, value.schema(), value, offset, 1_714_557_600_000L + offset,
            TimestampType.CREATE_TIME);
    }

    private static RecordRenderer renderer(String name) {
        Map<String, String> props = new HashMap<>();
        props.put(S3SinkConfig.S3_BUCKET, "b");
        props.put("topics", "t");
        switch (name) {
            case "kafka":
                props.put(S3SinkConfig.JSON_RENDERING, "kafka");
                return RecordRenderer.create(new S3SinkConfig(props));
            case "analyst":
                return RecordRenderer.create(new S3SinkConfig(props));
            case "jsonConverter":
                JsonConverter converter = RecordRenderer.jsonConverter(false);
                return (record, out, canRollBack) -> out.write(converter.fromConnectData(record.topic(),
                    record.valueSchema(), record.value()));
            case "converterNearKafka":
                return RecordRenderer.analystValues(JsonRendering.create(Map.of("temporal.format", "epoch-millis",
                    "replace.null.with.default", "true", "decimal.format", "number", "duration.format", "number")));
            default:
                throw new IllegalArgumentException("Unknown rendering " + name);
        }
    }

    /** {@value #BATCH} records through each renderer, the first one rotating; returns the bytes written. */
    @Benchmark
    public long renderEachWay() throws IOException {
        long bytes = 0;
        int first = operation++;
        for (int k = 0; k < WAYS.length; k++) {
            int w = (first + k) % WAYS.length;
            RecordRenderer renderer = renderers[w];
            long start = System.nanoTime();
            for (int i = 0; i < BATCH; i++) {
                out.reset();
                renderer.writeTo(records[(next + i) & 1023], out, true);
                bytes += out.size();
            }
            iterationNanos[w] += System.nanoTime() - start;
        }
        next = (next + BATCH) & 1023;
        iterationRecords += BATCH;
        return bytes;
    }

    @TearDown(Level.Iteration)
    public void iteration(IterationParams params) {
        if (params.getType() == IterationType.MEASUREMENT) {
            System.out.printf("%n%s, this iteration:", row);
            print(iterationNanos, iterationRecords);
            for (int w = 0; w < WAYS.length; w++) {
                totalNanos[w] += iterationNanos[w];
            }
            totalRecords += iterationRecords;
        }
        Arrays.fill(iterationNanos, 0);
        iterationRecords = 0;
    }

    @TearDown(Level.Trial)
    public void report() {
        System.out.printf("%n%s, all measurement iterations:", row);
        print(totalNanos, totalRecords);
        System.out.println();
    }

    private static void print(long[] nanos, long records) {
        for (int w = 0; w < WAYS.length; w++) {
            double perRecord = (double) nanos[w] / records;
            System.out.printf("%n  %-19s %8.0f ns/record %,12.0f records/s   time ratio to kafka %.2f", WAYS[w],
                perRecord, 1e9 / perRecord, (double) nanos[w] / nanos[0]);
        }
    }
}
