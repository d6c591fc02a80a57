package io.github.cdcbundle.benchmarks.converters;

import io.github.cdcbundle.benchmarks.PostgresChangeEvents;
import io.github.cdcbundle.converters.AnalystJsonConverter;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.Converter;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code fromConnectData} of one flat Debezium PostgreSQL row (20 columns: numeric, MicroTimestamp, ZonedTimestamp,
 * Date, Uuid, Json, bytea, text, numbers; the {@code after} image of {@link PostgresChangeEvents}), with the row
 * schema shared across records as Debezium shares it.
 *
 * <ul>
 *   <li>{@code reference}: Kafka's JsonConverter, schemas.enable=false, decimal.format=NUMERIC: what users run
 *       today (and which writes timestamps as numbers, dates as days, the JSON column as an escaped string).</li>
 *   <li>{@code ours}: AnalystJsonConverter with its defaults, which renders every logical type.</li>
 * </ul>
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.github.cdcbundle.benchmarks.PairedRun \
 *     ConverterBenchmark converter reference,ours 5</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ConverterBenchmark {
    @Param({"reference", "ours"})
    public String converter;

    private Schema schema;
    private Struct[] rows;
    private Converter instance;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        SourceRecord[] records = PostgresChangeEvents.generate(1024, 42);
        rows = new Struct[records.length];
        for (int i = 0; i < records.length; i++) {
            Struct envelope = (Struct) records[i].value();
            Struct row = envelope.getStruct("after");
            rows[i] = row != null ? row : envelope.getStruct("before");
        }
        schema = rows[0].schema();
        instance = of(converter);
    }

    static Converter of(String name) {
        switch (name) {
            case "reference":
                JsonConverter json = new JsonConverter();
                json.configure(Map.of("schemas.enable", "false", "decimal.format", "NUMERIC"), false);
                return json;
            case "ours":
                AnalystJsonConverter ours = new AnalystJsonConverter();
                ours.configure(Map.of(), false);
                return ours;
            default:
                throw new IllegalArgumentException("Unknown converter " + name);
        }
    }

    @Benchmark
    public byte[] fromConnectData() {
        Struct row = rows[next];
        next = (next + 1) & 1023;
        return instance.fromConnectData(PostgresChangeEvents.TOPIC, schema, row);
    }
}
