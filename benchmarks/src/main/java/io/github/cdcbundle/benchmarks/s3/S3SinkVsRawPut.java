package io.github.cdcbundle.benchmarks.s3;

import java.util.Map;

import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link S3SinkInterleavedBenchmark} and prints, side by side, raw PutObject and the sink in MB/s and
 * records/s, and the sink/raw throughput ratio per measurement iteration and overall (target ≥ 0.8).
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.github.cdcbundle.benchmarks.s3.S3SinkVsRawPut</pre>
 */
public final class S3SinkVsRawPut {
    private S3SinkVsRawPut() {
    }

    public static void main(String[] args) throws RunnerException {
        int records = 1000;
        Options options = new OptionsBuilder().include(S3SinkInterleavedBenchmark.class.getSimpleName())
            .param("recordsPerObject", String.valueOf(records)).build();
        RunResult run = new Runner(options).run().iterator().next();
        long bytesPerObject = objectBytes(records);

        double raw = 0;
        double sink = 0;
        double objects = 0;
        StringBuilder perIteration = new StringBuilder();
        for (IterationResult iteration : run.getBenchmarkResults().iterator().next().getIterationResults()) {
            double r = aux(iteration, "rawNanos");
            double s = aux(iteration, "sinkNanos");
            raw += r;
            sink += s;
            objects += aux(iteration, "objects");
            perIteration.append(String.format(" %.2f", r / s));
        }
        double rawNsPerObject = raw / objects;
        double sinkNsPerObject = sink / objects;
        System.out.printf("%n%d records (%d bytes) per object, %.0f objects each way, interleaved in one JVM%n",
            records, bytesPerObject, objects);
        System.out.printf("%-8s %12s %10s %12s%n", "mode", "ms/object", "MB/s", "records/s");
        print("rawPut", rawNsPerObject, bytesPerObject, records);
        print("sink", sinkNsPerObject, bytesPerObject, records);
        System.out.printf("sink / raw PUT throughput: %.3f (per iteration:%s)%n", raw / sink, perIteration);
    }

    /** JMH's API hands out a raw Map<String, Result>. */
    @SuppressWarnings("rawtypes")
    private static double aux(IterationResult iteration, String name) {
        Map<String, Result> results = iteration.getSecondaryResults();
        return results.get(name).getScore();
    }

    private static void print(String mode, double nsPerObject, long bytes, int records) {
        System.out.printf("%-8s %12.2f %10.1f %12.0f%n", mode, nsPerObject / 1e6, bytes / (nsPerObject / 1e9) / 1e6,
            records / (nsPerObject / 1e9));
    }

    private static long objectBytes(int records) {
        org.apache.kafka.connect.json.JsonConverter json = new org.apache.kafka.connect.json.JsonConverter();
        json.configure(Map.of("schemas.enable", "false", "decimal.format", "NUMERIC"), false);
        long bytes = 0;
        for (int i = 0; i < records; i++) {
            bytes += json.fromConnectData(SinkFixture.TOPIC, SinkFixture.ROW, SinkFixture.row(i)).length + 1;
        }
        return bytes;
    }
}
