package io.github.cdcbundle.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Paired, interleaved runs: each round runs one fork per variant of a {@code @Param}, the reference first in even
 * rounds and last in odd ones, so drift of the machine (another build, thermal state) hits every variant alike.
 * Prints per-variant ns/op and B/op and each variant's ratio to the reference, per round and overall.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.github.cdcbundle.benchmarks.PairedRun \
 *     TransformChainBenchmark chain reference,ours,oursFlattenFirst 5</pre>
 */
public final class PairedRun {
    private PairedRun() {
    }

    public static void main(String[] args) throws RunnerException {
        if (args.length < 3) {
            System.err.println("usage: PairedRun <benchmark class regex> <param> <reference,variant,...> [rounds]");
            System.exit(2);
        }
        String benchmark = args[0];
        String param = args[1];
        String[] variants = args[2].split(",");
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;

        Map<String, List<double[]>> results = new LinkedHashMap<>();
        for (String variant : variants) {
            results.put(variant, new ArrayList<>());
        }
        for (int round = 0; round < rounds; round++) {
            List<String> order = new ArrayList<>(List.of(variants));
            if (round % 2 == 1) {
                java.util.Collections.reverse(order);
            }
            for (String variant : order) {
                Options options = new OptionsBuilder().include(benchmark).param(param, variant).forks(1)
                        .addProfiler(GCProfiler.class).build();
                Collection<RunResult> run = new Runner(options).run();
                RunResult result = run.iterator().next();
                Result<?> alloc = result.getSecondaryResults().get("gc.alloc.rate.norm");
                results.get(variant).add(new double[] {result.getPrimaryResult().getScore(),
                        alloc == null ? Double.NaN : alloc.getScore()});
            }
        }

        String reference = variants[0];
        System.out.println();
        System.out.printf("%-20s %12s %12s %12s %12s %14s%n", param, "ns/op", "B/op", "time ratio", "ratio range",
                "alloc ratio");
        for (String variant : variants) {
            List<double[]> mine = results.get(variant);
            List<double[]> ref = results.get(reference);
            double ns = 0;
            double bytes = 0;
            double ratioSum = 0;
            double min = Double.MAX_VALUE;
            double max = 0;
            for (int r = 0; r < rounds; r++) {
                ns += mine.get(r)[0];
                bytes += mine.get(r)[1];
                double ratio = mine.get(r)[0] / ref.get(r)[0];
                ratioSum += ratio;
                min = Math.min(min, ratio);
                max = Math.max(max, ratio);
            }
            double refBytes = ref.stream().mapToDouble(v -> v[1]).sum();
            System.out.printf("%-20s %12.1f %12.0f %12.3f %6.3f-%-5.3f %14.3f%n", variant, ns / rounds, bytes / rounds,
                    ratioSum / rounds, min, max, bytes / refBytes);
        }
    }
}
