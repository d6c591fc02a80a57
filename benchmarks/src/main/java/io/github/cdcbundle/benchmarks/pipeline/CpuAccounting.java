package io.github.cdcbundle.benchmarks.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the CPU of a phase goes. The worker, the broker and the S3 server all run in this JVM, so two views of it:
 * exact CPU time per thread (ThreadMXBean, grouped by what the thread is), and, with JFR on, execution samples
 * attributed to the component whose code was running: the topmost frame of a known package, skipping the JDK and
 * the Kafka data and utility classes everyone calls (so {@code Struct.put} counts for the transform that called it).
 * JFR samples only threads running Java code: time in native socket writes, GC and the JIT is in the process total
 * but in no sample.
 */
final class CpuAccounting {
    /** Thread name prefixes, most specific first. */
    private static final Map<String, String> THREADS = new LinkedHashMap<>();
    /** Package prefixes, most specific first; the first that matches the topmost frame names the component. */
    private static final Map<String, String> PACKAGES = new LinkedHashMap<>();

    static {
        THREADS.put("task-thread-debezium", "source task (Connect poll loop: transforms, converter, producer.send)");
        THREADS.put("debezium-", "Debezium streaming (replication stream, decoding)");
        THREADS.put("kafka-producer-network-thread", "producer I/O threads");
        THREADS.put("task-thread-s3-sink", "S3 sink tasks (consumer, converter, rendering, upload)");
        THREADS.put("s3-sink-upload-", "S3 sink tasks (consumer, converter, rendering, upload)");
        THREADS.put("data-plane-kafka", "broker request handlers and network");
        THREADS.put("kafka-", "broker and client background threads");
        THREADS.put("qtp", "Jetty (S3 server; Connect REST idle)");
        THREADS.put("main", "benchmark harness (S3 polling)");

        PACKAGES.put("io.github.cdcbundle.smt.", "our transforms");
        PACKAGES.put("io.github.cdcbundle.converters.", "our converter / JSON rendering");
        PACKAGES.put("io.github.cdcbundle.s3sink.", "our S3 sink");
        PACKAGES.put("io.github.cdcbundle.benchmarks.", "benchmark harness");
        PACKAGES.put("software.amazon.awssdk.", "AWS SDK (S3 client)");
        PACKAGES.put("io.debezium.", "Debezium");
        PACKAGES.put("org.postgresql.", "PgJDBC (replication stream)");
        PACKAGES.put("org.apache.kafka.clients.producer.", "Kafka producer");
        PACKAGES.put("org.apache.kafka.clients.consumer.", "Kafka consumer");
        PACKAGES.put("org.apache.kafka.connect.data.", null); // charged to the caller
        PACKAGES.put("org.apache.kafka.connect.", "Connect runtime");
        PACKAGES.put("org.apache.kafka.common.", null); // network, serialization: charged to the caller
        PACKAGES.put("kafka.", "broker");
        PACKAGES.put("org.apache.kafka.", "broker");
        PACKAGES.put("org.gaul.", "S3 server (S3Proxy)");
        PACKAGES.put("org.jclouds.", "S3 server (S3Proxy)");
        PACKAGES.put("org.eclipse.jetty.", "Jetty (S3 server)");
        PACKAGES.put("com.fasterxml.jackson.", "Jackson");
    }

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final Map<Long, Long> startCpu = new HashMap<>();
    private final long startProcessCpu;
    private final Recording recording;
    private final Path jfrFile;
    private double processPerMillion = Double.NaN;

    CpuAccounting(Path jfrFile) {
        this.jfrFile = jfrFile;
        for (long id : threads.getAllThreadIds()) {
            startCpu.put(id, threads.getThreadCpuTime(id));
        }
        startProcessCpu = os.getProcessCpuTime();
        if (jfrFile != null) {
            try {
                recording = new Recording(Configuration.getConfiguration("profile"));
            } catch (IOException | ParseException e) {
                throw new IllegalStateException("JFR's profile settings are unreadable", e);
            }
            recording.start();
        } else {
            recording = null;
        }
    }

    /** Stops measuring; returns the report, CPU-seconds scaled to one million changes. */
    String stop(long changes) {
        double perMillion = 1_000_000.0 / changes;
        double process = (os.getProcessCpuTime() - startProcessCpu) / 1e9;
        processPerMillion = process * perMillion;
        Map<String, Double> byGroup = new TreeMap<>();
        Map<String, Double> others = new HashMap<>();
        double threadTotal = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long now = threads.getThreadCpuTime(info.getThreadId());
            if (now < 0) {
                continue;
            }
            double s = (now - startCpu.getOrDefault(info.getThreadId(), 0L)) / 1e9;
            threadTotal += s;
            String group = group(info.getThreadName());
            byGroup.merge(group, s, Double::sum);
            if (group.equals("other")) {
                others.merge(info.getThreadName().replaceAll("[0-9]+", "N"), s, Double::sum);
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format("JVM process CPU %.1f s (%.1f s per million changes); threads alive at the end %.1f s,"
                + " the rest is GC, JIT and threads that ended%n", process, process * perMillion, threadTotal));
        out.append("| thread group | CPU s | CPU s per million changes |\n| --- | ---: | ---: |\n");
        byGroup.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> out.append(String.format("| %s | %.1f | %.1f |%n", e.getKey(), e.getValue(),
                        e.getValue() * perMillion)));
        out.append("(other, largest: ");
        others.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(6)
                .forEach(e -> out.append(String.format("%s %.1f s; ", e.getKey(), e.getValue())));
        out.append(")\n");
        if (recording != null) {
            try {
                recording.stop();
                recording.dump(jfrFile);
                recording.close();
                out.append(samples(jfrFile, process * perMillion));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out.toString();
    }

    /** The JVM's CPU seconds per million changes, once {@link #stop} has run. */
    double processSecondsPerMillion() {
        return processPerMillion;
    }

    private static String group(String thread) {
        for (Map.Entry<String, String> e : THREADS.entrySet()) {
            if (thread.startsWith(e.getKey())) {
                return e.getValue();
            }
        }
        return "other";
    }

    private static String component(RecordedStackTrace stack) {
        if (stack == null) {
            return "(no stack)";
        }
        List<RecordedFrame> frames = stack.getFrames();
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            for (Map.Entry<String, String> e : PACKAGES.entrySet()) {
                if (type.startsWith(e.getKey())) {
                    if (e.getValue() != null) {
                        return e.getValue();
                    }
                    break; // a pass-through package: look further down the stack
                }
            }
        }
        return "JDK / other";
    }

    /** Samples by component, and each component's share of the process CPU per million changes. */
    private static String samples(Path file, double processPerMillion) throws IOException {
        Map<String, Long> byComponent = new HashMap<>();
        Map<String, Long> byThreadAndComponent = new HashMap<>();
        long total = 0;
        try (RecordingFile in = new RecordingFile(file)) {
            while (in.hasMoreEvents()) {
                RecordedEvent event = in.readEvent();
                if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                    continue;
                }
                String component = component(event.getStackTrace());
                String thread = event.getThread("sampledThread") == null ? "?"
                        : group(event.getThread("sampledThread").getJavaName());
                byComponent.merge(component, 1L, Long::sum);
                byThreadAndComponent.merge(thread + " / " + component, 1L, Long::sum);
                total++;
            }
        }
        long all = total;
        StringBuilder out = new StringBuilder(String.format("JFR execution samples: %d (recording %s)%n", all, file));
        out.append("| component (topmost frame of a known package) | samples | share | ≈ CPU s per million changes |\n"
                + "| --- | ---: | ---: | ---: |\n");
        byComponent.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> out.append(String.format("| %s | %d | %.1f %% | %.1f |%n", e.getKey(), e.getValue(),
                        100.0 * e.getValue() / all, processPerMillion * e.getValue() / all)));
        out.append("| thread group / component | samples | share |\n| --- | ---: | ---: |\n");
        byThreadAndComponent.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(20).forEach(e -> out.append(String.format("| %s | %d | %.1f %% |%n", e.getKey(), e.getValue(),
                        100.0 * e.getValue() / all)));
        return out.toString();
    }
}
