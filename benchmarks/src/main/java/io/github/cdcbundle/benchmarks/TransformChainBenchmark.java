package io.github.cdcbundle.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.kafka.connect.source.SourceRecord;
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
 * One Debezium PostgreSQL change event through the transform chain a user configures to get a flat row with
 * op, table, LSN, commit time, RDS instance and region, deletes rewritten with a flag.
 *
 * <ul>
 *   <li>{@code reference}: Debezium's ExtractNewRecordState (add.fields=op,table,lsn,source.ts_ms, rewrite) then
 *       Kafka's InsertField$Value with static instance and region: the chain users run today.</li>
 *   <li>{@code ours}: FlattenChangeEvent$Value (op, table, lsn, source.ts_ms) then RdsMetadata$Value (instance,
 *       region), the recommended order, configured to produce the same fields.</li>
 *   <li>{@code oursRdsFirst}: the other order (RdsMetadata on the envelope, then FlattenChangeEvent).</li>
 * </ul>
 * The chain is a {@code @Param} so every fork measures one chain; run-paired.sh alternates the chains fork by fork.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class TransformChainBenchmark {
    @Param({"reference", "ours", "oursRdsFirst"})
    public String chain;

    private SourceRecord[] records;
    private UnaryOperator<SourceRecord> transforms;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        records = PostgresChangeEvents.generate(1024, 42);
        transforms = Chains.of(chain);
        // Every chain must produce the same rows; fail the run rather than measure different work.
        Chains.assertSameRows(records, chain);
    }

    @Benchmark
    public SourceRecord transform() {
        SourceRecord record = records[next];
        next = (next + 1) & 1023;
        return transforms.apply(record);
    }
}
