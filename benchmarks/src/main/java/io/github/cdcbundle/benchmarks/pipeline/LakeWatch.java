package io.github.cdcbundle.benchmarks.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * What S3 holds for one topic (or all topics of one name stem), as a reader polling it sees it: each look lists the
 * topic's folder and reads every object it has not read before, once (the sink writes an object whole and never rewrites it outside recovery, and a
 * benchmark injects no faults). Objects already there when the watch starts belong to an earlier phase and are
 * skipped. With {@code latencies} set, each row's {@code __commit_ts_ms} is compared with the time its object was
 * first listed: the latency a poller with this poll interval observes.
 */
final class LakeWatch implements AutoCloseable {
    private static final byte[] COMMIT_FIELD = "\"__commit_ts_ms\":".getBytes(StandardCharsets.US_ASCII);

    private final S3Client client;
    private final String bucket;
    private final String prefix;
    private final Set<String> seen = new HashSet<>();
    private final Histogram latencies;
    private long rows;
    private long measureFromMillis = Long.MAX_VALUE;
    private long objects;
    private long bytes;
    private final java.util.List<String> slowObjects = new java.util.ArrayList<>();
    /** Objects with a measured row older than this when first listed are named in {@link #slowObjects()}. */
    static final long SLOW_MILLIS = 2_000;

    LakeWatch(S3Client client, String bucket, String topicsDir, String topic, Histogram latencies) {
        this(client, bucket, topicsDir + "/" + topic + "/", latencies);
    }

    /** Watches every object whose key starts with {@code keyPrefix}: e.g. the folders of all topics of a name stem. */
    LakeWatch(S3Client client, String bucket, String keyPrefix, Histogram latencies) {
        this.client = client;
        this.bucket = bucket;
        this.prefix = keyPrefix;
        this.latencies = latencies;
        client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()
                .forEach(o -> seen.add(o.key()));
    }

    private long worstLatency = -1;

    /**
     * The objects in which a measured row waited {@link #SLOW_MILLIS} or more, with the wall-clock time they were
     * listed: to line a latency tail up with what else happened then (a GC log, the worker's log).
     */
    java.util.List<String> slowObjects() {
        return slowObjects;
    }

    /** Lists and reads what is new; returns the number of rows in S3 since the watch started. */
    long look() {
        long listedAt = System.currentTimeMillis();
        for (S3Object o : client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
            if (seen.add(o.key())) {
                byte[] body;
                try {
                    body = client.getObjectAsBytes(b -> b.bucket(bucket).key(o.key())).asByteArray();
                } catch (NoSuchKeyException e) {
                    // listed, then gone (the file store lists an object while it is being replaced): look again next time
                    seen.remove(o.key());
                    continue;
                }
                objects++;
                bytes += body.length;
                long before = latencies == null ? 0 : latencies.count();
                long worst = worstLatency;
                worstLatency = -1;
                rows += o.key().endsWith(".parquet") ? parquetRows(body, o.key()) : countRows(body, listedAt);
                if (worstLatency >= SLOW_MILLIS) {
                    slowObjects.add(String.format("%s listed at %tT.%<tL, %,d rows measured, oldest %,d ms", o.key(),
                            listedAt, latencies.count() - before, worstLatency));
                }
                worstLatency = Math.max(worst, worstLatency);
            }
        }
        return rows;
    }

    /**
     * A Parquet object's rows, from its footer. Latency needs each row's commit time, which only the JSON lines
     * carry in a form the poller can read without a Parquet reader: the latency phase measures the JSON layout.
     */
    private long parquetRows(byte[] body, String key) {
        if (latencies != null) {
            throw new IllegalStateException("the latency phase reads each row's __commit_ts_ms from JSON lines; " + key
                    + " is Parquet: measure latency without format=parquet");
        }
        return ParquetRows.count(body, key);
    }

    private long countRows(byte[] body, long seenAt) {
        long n = 0;
        int lineStart = 0;
        for (int i = 0; i < body.length; i++) {
            if (body[i] == '\n') {
                if (i > lineStart) {
                    n++;
                    if (latencies != null) {
                        long commit = commitTs(body, lineStart, i);
                        if (commit >= measureFromMillis) {
                            latencies.add(seenAt - commit);
                            worstLatency = Math.max(worstLatency, seenAt - commit);
                        }
                    }
                }
                lineStart = i + 1;
            }
        }
        return n;
    }

    /** The row's commit time, found by name rather than parsed whole: the poller must not slow the pipeline down. */
    private static long commitTs(byte[] body, int from, int to) {
        outer:
        for (int i = from; i + COMMIT_FIELD.length < to; i++) {
            for (int j = 0; j < COMMIT_FIELD.length; j++) {
                if (body[i + j] != COMMIT_FIELD[j]) {
                    continue outer;
                }
            }
            long v = 0;
            for (int k = i + COMMIT_FIELD.length; k < to && body[k] >= '0' && body[k] <= '9'; k++) {
                v = v * 10 + (body[k] - '0');
            }
            return v;
        }
        return -1;
    }

    /**
     * When S3 held all rows but the last partial object, and when it held all, in seconds from the start; and, when
     * the last rows came in one burst (within {@link #FINAL_WAIT_SECONDS}) after S3 had not grown for that long or
     * more (the sink's wall-clock schedule holding partial objects back, then uploading them one after another), how
     * many rows S3 held before that wait and since when ({@code beforeWaitSeconds} equals {@code allSeconds} when
     * there was no such wait).
     */
    record Arrival(double bulkSeconds, double allSeconds, long beforeWaitRows, double beforeWaitSeconds) {
    }

    static final int FINAL_WAIT_SECONDS = 10;

    /** What a caller does on a poll of {@link #awaitRows}. */
    interface OnPoll {
        void polled(long nanoTime, long rows);
    }

    /**
     * Looks every 500 ms until S3 holds {@code target} rows. "All but the last partial object" is {@code target -
     * flushSize} rows: the sink writes the rest when its rotation interval ends, which a throughput figure should not
     * wait for. {@code eachPoll} sees every poll (for samples); {@code progress} is called every 5 s while rows are
     * still missing.
     *
     * @param t0 the start, a {@link System#nanoTime()}
     * @param deadline the {@link System#nanoTime()} after which a missing row fails the run
     * @param unit what the rows are called in the failure message ("changes", "rows")
     */
    Arrival awaitRows(long target, int flushSize, long t0, long deadline, String unit, OnPoll eachPoll,
            OnPoll progress) {
        double bulkSeconds = -1;
        long nextReport = t0;
        long wait = TimeUnit.SECONDS.toNanos(FINAL_WAIT_SECONDS);
        long lastRows = 0;
        long lastGrowth = t0;
        // the latest pause of S3's growth of at least `wait`: rows before it, its start, its end
        long pauseRows = 0;
        long pauseStart = 0;
        long pauseEnd = 0;
        boolean paused = false;
        while (true) {
            long inS3 = look();
            long now = System.nanoTime();
            eachPoll.polled(now, inS3);
            if (inS3 > lastRows) {
                if (lastRows > 0 && now - lastGrowth >= wait) {
                    pauseRows = lastRows;
                    pauseStart = lastGrowth;
                    pauseEnd = now;
                    paused = true;
                }
                lastRows = inS3;
                lastGrowth = now;
            }
            if (bulkSeconds < 0 && inS3 >= target - flushSize) {
                bulkSeconds = (now - t0) / 1e9;
            }
            if (inS3 >= target) {
                boolean waited = paused && now - pauseEnd <= wait;
                return new Arrival(bulkSeconds, (now - t0) / 1e9, waited ? pauseRows : inS3,
                        ((waited ? pauseStart : now) - t0) / 1e9);
            }
            if (now > deadline) {
                throw new IllegalStateException(String.format("S3 held %,d of %,d %s after %d s", inS3, target, unit,
                        TimeUnit.NANOSECONDS.toSeconds(now - t0)));
            }
            if (now >= nextReport) {
                progress.polled(now, inS3);
                nextReport = now + TimeUnit.SECONDS.toNanos(5);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
        }
    }

    /** Latencies count only rows committed from then on: the connectors' start and JIT warm-up are not latency. */
    void measureFrom(long epochMillis) {
        measureFromMillis = epochMillis;
    }

    long rows() {
        return rows;
    }

    long objects() {
        return objects;
    }

    long bytes() {
        return bytes;
    }

    @Override
    public void close() {
        client.close();
    }
}
