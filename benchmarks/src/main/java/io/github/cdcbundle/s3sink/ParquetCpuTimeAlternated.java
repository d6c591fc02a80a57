package io.github.cdcbundle.s3sink;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link ParquetCpuTime} of two builds alternated inside one JVM, for a change too small to see between separate
 * runs: on the shared machine one JVM's rounds drift by ±0.5 ms with the other sessions' load, and the JIT keeps
 * improving the code for minutes. Each build gets its own class loader (every class of the class path loaded
 * twice), and the runs alternate A B B A A B …, so drift and warm-up hit both alike; each run of {@code rounds}
 * rounds after its own warm-up gives one median and one lowest per build and pair. Prints every pair, then the
 * median of the medians and of the lowest per build, and in how many pairs B's median was below A's.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.github.cdcbundle.s3sink.ParquetCpuTimeAlternated \
 *     snappy 15 16 old-benchmarks.jar new-classes:benchmarks/target/benchmarks.jar</pre>
 *
 * The arguments: codec (as {@link ParquetCpuTime}), rounds per run, pairs, class path A, class path B.
 */
public final class ParquetCpuTimeAlternated {
    private static final Pattern RESULT = Pattern.compile("median ([0-9.]+), lowest ([0-9.]+)");

    private ParquetCpuTimeAlternated() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            throw new IllegalArgumentException("arguments: codec rounds pairs classPathA classPathB");
        }
        String[] run = {args[0], args[1]};
        int pairs = Integer.parseInt(args[2]);
        Method[] builds = {entryPoint(args[3]), entryPoint(args[4])};
        double[][] medians = new double[2][pairs];
        double[][] lowest = new double[2][pairs];
        int bBelow = 0;
        PrintStream out = System.out;
        for (int pair = 0; pair < pairs; pair++) {
            for (int turn = 0; turn < 2; turn++) {
                int build = pair % 2 == 0 ? turn : 1 - turn;
                ByteArrayOutputStream captured = new ByteArrayOutputStream();
                System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
                try {
                    builds[build].invoke(null, (Object) run);
                } finally {
                    System.setOut(out);
                }
                Matcher m = RESULT.matcher(captured.toString(StandardCharsets.UTF_8));
                if (!m.find()) {
                    throw new IllegalStateException("no result from build " + build + ": " + captured);
                }
                medians[build][pair] = Double.parseDouble(m.group(1));
                lowest[build][pair] = Double.parseDouble(m.group(2));
            }
            if (medians[1][pair] < medians[0][pair]) {
                bBelow++;
            }
            out.printf("pair %d: A median %.3f lowest %.3f | B median %.3f lowest %.3f%n", pair, medians[0][pair],
                lowest[0][pair], medians[1][pair], lowest[1][pair]);
        }
        for (int build = 0; build < 2; build++) {
            out.printf("%s: median of medians %.3f, median of lowest %.3f, lowest %.3f (CPU ms per object)%n",
                build == 0 ? "A" : "B", median(medians[build]), median(lowest[build]),
                Arrays.stream(lowest[build]).min().orElseThrow());
        }
        out.printf("B's median below A's in %d of %d pairs%n", bBelow, pairs);
    }

    private static Method entryPoint(String classPath) throws ReflectiveOperationException, MalformedURLException {
        List<URL> urls = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            urls.add(new File(entry).toURI().toURL());
        }
        ClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
        return loader.loadClass(ParquetCpuTime.class.getName()).getMethod("main", String[].class);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
