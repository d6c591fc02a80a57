package io.github.cdcbundle.benchmarks.s3;

import java.util.Collection;
import java.util.Map;

import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link S3SinkInterleavedBenchmark} for each variant (both JSON renderings, Parquet with snappy and zstd) and
 * prints, side by side, raw PutObject and the sink in MB/s and records/s, bytes per object, and the sink/raw
 * throughput ratio per measurement iteration and overall (target ≥ 0.8). JMH's command-line options are passed on, e.g.
 * {@code -wi 2 -i 3 -f 1} for a short run, {@code -p variant=parquet} for one variant, or {@code -p upload=async,sync}
 * for the sink with and without its background upload thread.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.github.cdcbundle.benchmarks.s3.S3SinkVsRawPut [JMH options]</pre>
 */
public final class S3SinkVsRawPut {
    private S3SinkVsRawPut() {
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        int records = 1000;
        Options options = new OptionsBuilder().parent(new CommandLineOptions(args))
            .include(S3SinkInterleavedBenchmark.class.getSimpleName())
            .param("recordsPerObject", String.valueOf(records)).build();
        Collection<RunResult> runs = new Runner(options).run();
        System.out.printf("%n%d records per object (the same bytes each way), sink and raw PUT interleaved in one JVM%n",
            records);
        System.out.printf("%-30s %10s %10s %9s %11s %8s  %s%n", "variant / mode", "B/object", "ms/object", "MB/s",
            "records/s", "ratio", "ratio per iteration");
        for (RunResult run : runs) {
            double raw = 0;
            double sink = 0;
            double objects = 0;
            double bytes = 0;
            double rawFailures = 0;
            StringBuilder perIteration = new StringBuilder();
            for (IterationResult iteration : run.getBenchmarkResults().iterator().next().getIterationResults()) {
                double r = aux(iteration, "rawNanos");
                double s = aux(iteration, "sinkNanos");
                raw += r;
                sink += s;
                objects += aux(iteration, "objects");
                bytes += aux(iteration, "bytes");
                rawFailures += aux(iteration, "rawFailures");
                perIteration.append(String.format(" %.2f", r / s));
            }
            String variant = run.getParams().getParam("variant");
            String upload = run.getParams().getParam("upload");
            variant = "async".equals(upload) ? variant : variant + " (" + upload + ")";
            long bytesPerObject = Math.round(bytes / objects);
            print(variant + " / rawPut", raw / objects, bytesPerObject, records, "", "");
            print(variant + " / sink", sink / objects, bytesPerObject, records, String.format("%.3f", raw / sink),
                perIteration.toString() + (rawFailures > 0
                    ? String.format(" (%.0f pairs left out: raw PUT failed)", rawFailures) : ""));
        }
    }

    /** JMH's API hands out a raw Map<String, Result>. */
    @SuppressWarnings("rawtypes")
    private static double aux(IterationResult iteration, String name) {
        Map<String, Result> results = iteration.getSecondaryResults();
        Result result = results.get(name);
        return result == null ? 0 : result.getScore();
    }

    private static void print(String mode, double nsPerObject, long bytes, int records, String ratio,
                              String perIteration) {
        System.out.printf("%-30s %10d %10.2f %9.1f %11.0f %8s %s%n", mode, bytes, nsPerObject / 1e6,
            bytes / (nsPerObject / 1e9) / 1e6, records / (nsPerObject / 1e9), ratio, perIteration);
    }
}
