package io.github.cdcbundle.benchmarks.pipeline;

import java.util.Arrays;

/** Latencies in milliseconds, kept whole: a minute at 1,000 changes/s is 60,000 longs, sorted once at the end. */
final class Histogram {
    private long[] values = new long[1024];
    private int size;

    void add(long millis) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = millis;
    }

    int count() {
        return size;
    }

    /** The {@code p}-th percentile (0–100), nearest rank; -1 when empty. */
    long percentile(double p) {
        if (size == 0) {
            return -1;
        }
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * size);
        return sorted[Math.max(0, Math.min(size - 1, rank - 1))];
    }
}
