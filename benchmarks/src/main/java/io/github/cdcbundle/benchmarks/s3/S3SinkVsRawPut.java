package io.github.cdcbundle.benchmarks.s3;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link S3SinkBenchmark} for {@code rawPut} and {@code sink} in alternating order over several rounds (so
 * drift of a shared machine hits both alike) and prints MB/s, records/s and the sink/raw throughput ratio.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.github.cdcbundle.benchmarks.s3.S3SinkVsRawPut [rounds]</pre>
 */
public final class S3SinkVsRawPut {
    private S3SinkVsRawPut() {
    }

    public static void main(String[] args) throws RunnerException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int records = 1000;
        long bytesPerObject = objectBytes(records);
        Map<String, List<Double>> nsPerObject = new LinkedHashMap<>();
        nsPerObject.put("rawPut", new ArrayList<>());
        nsPerObject.put("sink", new ArrayList<>());
        for (int round = 0; round < rounds; round++) {
            List<String> order = new ArrayList<>(nsPerObject.keySet());
            if (round % 2 == 1) {
                Collections.reverse(order);
            }
            for (String mode : order) {
                Options options = new OptionsBuilder().include(S3SinkBenchmark.class.getSimpleName())
                    .param("mode", mode).param("recordsPerObject", String.valueOf(records)).build();
                RunResult result = new Runner(options).run().iterator().next();
                nsPerObject.get(mode).add(result.getPrimaryResult().getScore());
            }
        }
        System.out.printf("%n%d records (%d bytes) per object, %d rounds%n", records, bytesPerObject, rounds);
        System.out.printf("%-8s %12s %10s %12s%n", "mode", "ms/object", "MB/s", "records/s");
        for (Map.Entry<String, List<Double>> entry : nsPerObject.entrySet()) {
            double ns = entry.getValue().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            System.out.printf("%-8s %12.2f %10.1f %12.0f%n", entry.getKey(), ns / 1e6, bytesPerObject / (ns / 1e9) / 1e6,
                records / (ns / 1e9));
        }
        double ratioSum = 0;
        StringBuilder perRound = new StringBuilder();
        for (int r = 0; r < rounds; r++) {
            double ratio = nsPerObject.get("rawPut").get(r) / nsPerObject.get("sink").get(r);
            ratioSum += ratio;
            perRound.append(String.format(" %.3f", ratio));
        }
        System.out.printf("sink / raw PUT throughput: %.3f (per round:%s)%n", ratioSum / rounds, perRound);
    }

    private static long objectBytes(int records) {
        org.apache.kafka.connect.json.JsonConverter json = new org.apache.kafka.connect.json.JsonConverter();
        json.configure(Map.of("schemas.enable", "false", "decimal.format", "NUMERIC"), false);
        long bytes = 0;
        for (int i = 0; i < records; i++) {
            bytes += json.fromConnectData(S3SinkBenchmark.TOPIC, S3SinkBenchmark.ROW, S3SinkBenchmark.row(i)).length + 1;
        }
        return bytes;
    }
}
