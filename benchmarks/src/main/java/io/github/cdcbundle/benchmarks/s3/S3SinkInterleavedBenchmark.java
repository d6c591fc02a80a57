package io.github.cdcbundle.benchmarks.s3;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.AuxCounters;
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

import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The sink and raw PutObject against the same S3Proxy from the same JVM, alternating operation by operation (raw
 * first on even operations, sink first on odd ones), so that GC, JIT and a busy shared machine hit both alike. One
 * operation is {@code objectsPerCommit} objects each way: that many sequential PutObjects of a prepared body (the
 * sink's own bytes), and the sink taking the same number of objects' records in polls of 500 followed by one offset
 * commit that must find them all in S3, as a worker drives it. Each poll's records are built fresh right before its
 * put, outside the timing (the worker's converter's work); the raw side converts the same records, untimed, before
 * each of its PUTs, so both leave the server the same untimed gaps. The auxiliary counters {@code rawNanos} and
 * {@code sinkNanos} add up each side's time; their ratio is the sink's throughput relative to raw PUT
 * ({@link S3SinkVsRawPut} prints it with MB/s and records/s).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-XX:+UseParallelGC"})
public class S3SinkInterleavedBenchmark {
    @Param({"1000"})
    public int recordsPerObject;

    /**
     * What the sink writes: analyst or kafka (format=json with that json.rendering; analyst is the default), parquet
     * (format=parquet, snappy, the default codec) or parquet-zstd.
     */
    @Param({"analyst", "kafka", "parquet", "parquet-zstd"})
    public String variant;

    /**
     * How the sink uploads a closed batch: async (the shipped s3.upload.async=true: on the task's upload thread while
     * the task fills the next batch) or sync (on the task thread, s3.upload.async=false).
     */
    @Param({"async"})
    public String upload;

    /** Objects per offset commit (Connect commits every offset.flush.interval.ms, 60 s: far more objects). */
    @Param({"10"})
    public int objectsPerCommit;

    /** Records per put, as a worker hands them over (max.poll.records, 500 by default). */
    private static final int POLL = 500;

    private SinkFixture fixture;
    private long operations;

    /** Per-iteration sums, reported by JMH as secondary results. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Times {
        public long rawNanos;
        public long sinkNanos;
        public long objects;
        public long bytes;
        public long rawFailures;

        @Setup(Level.Iteration)
        public void reset() {
            rawNanos = 0;
            sinkNanos = 0;
            objects = 0;
            bytes = 0;
            rawFailures = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        fixture = new SinkFixture(recordsPerObject, variant, upload.equals("async"));
    }

    /**
     * One operation each way. If the raw side's PutObject fails after its retries (S3Proxy now and then answers a
     * burst of PUTs of the zstd body by closing the connection while the client sends it: "Error writing request
     * body to server", seen since the Parquet variants exist, once for the snappy body, never for JSON's), the pair is left out of
     * both sums and counted in {@code rawFailures}, so neither side gains from the other's lost time.
     */
    @Benchmark
    public void pair(Times times) {
        boolean rawFirst = (operations++ & 1) == 0;
        long raw;
        long sink;
        try {
            if (rawFirst) {
                raw = raw();
                sink = sink();
            } else {
                sink = sink();
                raw = raw();
            }
        } catch (SdkClientException e) {
            times.rawFailures++;
            return;
        }
        times.rawNanos += raw;
        times.sinkNanos += sink;
        times.objects += objectsPerCommit;
        times.bytes += (long) objectsPerCommit * fixture.body.length;
    }

    private long raw() {
        return fixture.timedRawPuts(objectsPerCommit, POLL);
    }

    private long sink() {
        return fixture.timedPolls(objectsPerCommit, POLL);
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
