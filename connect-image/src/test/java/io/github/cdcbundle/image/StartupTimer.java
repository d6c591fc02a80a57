package io.github.cdcbundle.image;

import io.github.cdcbundle.testkit.KafkaBroker;
import io.github.cdcbundle.testkit.ProcessConnectWorker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures a worker's start-up, from launching the image's start script to its REST API answering, with our plugin
 * folders under service_load and under hybrid_warn (reflective scanning), and with an empty plugin path. Rounds are
 * interleaved so machine drift hits each variant alike. Not a test: run it by hand (see docs/performance.md).
 *
 * <pre>java ... StartupTimer [rounds]</pre>
 */
public final class StartupTimer {
    private StartupTimer() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path empty = Files.createTempDirectory("empty-plugins");
        Map<String, List<Long>> times = new LinkedHashMap<>();
        times.put("empty plugin.path, service_load", new ArrayList<>());
        times.put("our plugins, service_load", new ArrayList<>());
        times.put("our plugins, hybrid_warn", new ArrayList<>());
        try (KafkaBroker kafka = KafkaBroker.start()) {
            for (int round = 0; round < rounds; round++) {
                for (String variant : times.keySet()) {
                    Path plugins = variant.startsWith("empty") ? empty : Built.plugins();
                    String discovery = variant.endsWith("hybrid_warn") ? "hybrid_warn" : "service_load";
                    long start = System.nanoTime();
                    try (ProcessConnectWorker worker = ProcessConnectWorker.start(new ProcessConnectWorker.Launch(
                            Built.startScript(), Built.workerClasspath(), kafka.bootstrapServers(), plugins,
                            Map.of("CONNECT_PLUGIN_DISCOVERY", discovery,
                                    "CONNECT_CONFIG_PROVIDERS", "",
                                    "KAFKA_HEAP_OPTS", "-Xms256m -Xmx1g")))) {
                        times.get(variant).add((System.nanoTime() - start) / 1_000_000);
                    }
                }
            }
        }
        System.out.printf("%n%-36s %10s %10s %10s%n", "variant", "median ms", "min ms", "max ms");
        for (Map.Entry<String, List<Long>> entry : times.entrySet()) {
            List<Long> sorted = new ArrayList<>(entry.getValue());
            Collections.sort(sorted);
            System.out.printf("%-36s %10d %10d %10d%n", entry.getKey(), sorted.get(sorted.size() / 2), sorted.get(0),
                    sorted.get(sorted.size() - 1));
        }
    }
}
