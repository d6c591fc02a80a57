package io.github.cdcbundle.benchmarks.pipeline;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The memory of this JVM (worker, broker and S3 server together) during a phase, cheaply: the heap still in use after
 * a full collection at the start and at the end (what the captured tables, topics and connectors keep), the heap in
 * use sampled on every S3 poll (garbage included, so it also shows how G1 sized the young generation), the largest
 * old generation G1 reported after any collection in the phase, and the process's peak resident set (VmHWM, reset at
 * the start where the kernel allows it).
 */
final class HeapWatch {
    private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).toList();
    private final long liveBefore;
    private long sampledMax;
    private long oldAfterGcMax;

    HeapWatch() {
        liveBefore = liveAfterFullGc();
        try {
            // "5" resets the peak RSS of the process (Linux 4.0+); without it VmHWM is the peak since the JVM started
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException | RuntimeException e) {
            // not Linux or not allowed: the figure is then the peak since start, which the report says
        }
    }

    /** Called on every poll of the phase. */
    void sample() {
        sampledMax = Math.max(sampledMax, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        for (MemoryPoolMXBean pool : heapPools) {
            MemoryUsage afterGc = pool.getCollectionUsage();
            if (afterGc != null && pool.getName().contains("Old")) {
                oldAfterGcMax = Math.max(oldAfterGcMax, afterGc.getUsed());
            }
        }
    }

    /** The phase's figures in MiB. */
    record Figures(long liveBefore, long liveAfter, long sampledMax, long oldAfterGcMax, long peakRss) {
        @Override
        public String toString() {
            return String.format("heap (MiB): live after a full GC %d before the clock → %d after; in use, sampled "
                    + "every 0.5 s, max %d; G1 old generation after a collection, max %d; process peak RSS (VmHWM) %d",
                    liveBefore, liveAfter, sampledMax, oldAfterGcMax, peakRss);
        }
    }

    /** Ends the phase with a full collection. */
    Figures stop() {
        long liveAfter = liveAfterFullGc();
        return new Figures(liveBefore >> 20, liveAfter >> 20, sampledMax >> 20, oldAfterGcMax >> 20,
                peakRssKb() >> 10);
    }

    private static long liveAfterFullGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long peakRssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }
}
