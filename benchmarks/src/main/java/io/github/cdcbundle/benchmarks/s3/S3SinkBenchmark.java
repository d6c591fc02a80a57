package io.github.cdcbundle.benchmarks.s3;

import java.util.concurrent.TimeUnit;

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

/**
 * One operation moves one object's worth of 1 KB JSON records into S3Proxy running in the same JVM:
 * <ul>
 *   <li>{@code rawPut}: one PutObject of the exact bytes the sink would write, with a client built like the sink's
 *   (same HTTP client, path-style, no SDK retries): the ceiling for any sink on this server.</li>
 *   <li>{@code sink}: {@code S3SinkTask.put} of the records (rendering JSON lines, rotating at {@code flush.size},
 *   uploading) and a {@code preCommit}.</li>
 * </ul>
 * Each mode runs in its own fork; {@link S3SinkInterleavedBenchmark} alternates the two in one JVM, which is the
 * fairer comparison on a shared machine. Throughput ratio = rawPut time / sink time (target ≥ 0.8).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-XX:+UseParallelGC"})
public class S3SinkBenchmark {
    @Param({"rawPut", "sink"})
    public String mode;

    @Param({"1000"})
    public int recordsPerObject;

    private SinkFixture fixture;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        fixture = new SinkFixture(recordsPerObject, mode.equals("sink"));
    }

    @Benchmark
    public Object object() {
        return mode.equals("sink") ? fixture.sinkObject() : fixture.rawPut();
    }

    @TearDown(Level.Iteration)
    public void emptyBucket() {
        fixture.emptyBucket();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        fixture.close();
    }
}
