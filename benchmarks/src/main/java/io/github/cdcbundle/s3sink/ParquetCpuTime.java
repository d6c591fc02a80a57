package io.github.cdcbundle.s3sink;

import io.github.cdcbundle.benchmarks.s3.SinkFixture;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * The sink's own cost per Parquet object, without S3: the task of {@code S3SinkVsRawPut} (same rows, 1,000 per object,
 * polls of 500, one offset commit per round) over an object store that keeps the last object and sends nothing. The
 * yardstick is the benchmark thread's CPU time in {@code put} and {@code preCommit}, which a busy shared machine
 * disturbs far less than wall time. Each poll's records are built fresh before its put, outside the timing. Prints the
 * median and the lowest of the rounds' CPU ms per object, wall and GC time beside it, the object's size, and whether
 * every object of the run was the same bytes (the same rows at other offsets). No hash across runs: parquet-java
 * writes each column chunk's list of encodings in the order of a HashSet of enum constants, which differs between JVMs
 * (apache/parquet-java#3215), so the footer of the same rows can differ by a few bytes from one run to the next. In the
 * sink's package because the task's store seam is package-private.
 *
 * The first argument is the codec ({@code snappy}, {@code zstd}, {@code gzip}, {@code none}), or {@code json} for the
 * default JSON lines (analyst rendering) as the yardstick the Parquet path is compared with.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.github.cdcbundle.s3sink.ParquetCpuTime [snappy|zstd|json|...] [rounds]</pre>
 */
public final class ParquetCpuTime {
    private static final int RECORDS = 1000;
    private static final int POLL = 500;
    private static final int OBJECTS_PER_ROUND = 20;
    private static final int WARM_UP_ROUNDS = 5;
    private static final TopicPartition TP = new TopicPartition(SinkFixture.TOPIC, 0);

    private ParquetCpuTime() {
    }

    public static void main(String[] args) throws Exception {
        String codec = args.length > 0 ? args[0] : "snappy";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        LastObject store = new LastObject();
        Map<String, String> props = new java.util.HashMap<>(Map.of(S3SinkConfig.S3_BUCKET, "bench",
            S3SinkConfig.FLUSH_SIZE, String.valueOf(RECORDS), "topics", SinkFixture.TOPIC,
            // All of an object's work on the one thread whose CPU time is the yardstick (the shipped default seals
            // and uploads each object on the task's upload thread).
            S3SinkConfig.S3_UPLOAD_ASYNC, "false"));
        if (!codec.equals("json")) {
            props.put(S3SinkConfig.FORMAT, "parquet");
            props.put(S3SinkConfig.PARQUET_CODEC, codec);
        }
        S3SinkTask task = new S3SinkTask(config -> store, Clock.systemUTC());
        task.initialize(new SinkFixture.Context());
        task.start(props);
        task.open(List.of(TP));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long offset = 0;
        double[] perObject = new double[rounds];
        double[] wallPerObject = new double[rounds];
        long gcMillis = 0;
        byte[] first = null;
        boolean allSame = true;
        for (int round = -WARM_UP_ROUNDS; round < rounds; round++) {
            long cpu = 0;
            long wall = 0;
            long gcBefore = gcMillis();
            for (int object = 0; object < OBJECTS_PER_ROUND; object++) {
                for (int from = 0; from < RECORDS; from += POLL) {
                    List<SinkRecord> poll = poll(from, offset);
                    offset += POLL;
                    long start = threads.getCurrentThreadCpuTime();
                    long wallStart = System.nanoTime();
                    task.put(poll);
                    wall += System.nanoTime() - wallStart;
                    cpu += threads.getCurrentThreadCpuTime() - start;
                }
                if (first == null) {
                    first = store.last;
                } else {
                    allSame &= Arrays.equals(first, store.last);
                }
            }
            long start = threads.getCurrentThreadCpuTime();
            long wallStart = System.nanoTime();
            Map<TopicPartition, OffsetAndMetadata> committed = task.preCommit(new java.util.HashMap<>());
            wall += System.nanoTime() - wallStart;
            cpu += threads.getCurrentThreadCpuTime() - start;
            if (committed.get(TP).offset() != offset) {
                throw new IllegalStateException("records not uploaded: " + committed);
            }
            if (round >= 0) {
                perObject[round] = cpu / 1e6 / OBJECTS_PER_ROUND;
                wallPerObject[round] = wall / 1e6 / OBJECTS_PER_ROUND;
                gcMillis += gcMillis() - gcBefore;
            }
        }
        task.stop();
        double[] sorted = perObject.clone();
        Arrays.sort(sorted);
        StringBuilder each = new StringBuilder();
        for (double ms : perObject) {
            each.append(String.format(" %.2f", ms));
        }
        System.out.printf("codec=%s: CPU ms per %d-row object: median %.3f, lowest %.3f (rounds:%s)%n", codec, RECORDS,
            sorted[rounds / 2], sorted[0], each);
        Arrays.sort(wallPerObject);
        System.out.printf("wall ms per object (includes GC pauses and waiting for a core): median %.3f, lowest %.3f; "
            + "GC %.3f ms per object%n", wallPerObject[rounds / 2], wallPerObject[0],
            gcMillis / (double) (rounds * OBJECTS_PER_ROUND));
        System.out.printf("object %d bytes, every object the same bytes: %s%n", first.length, allSame);
    }

    private static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    /** One poll of fresh records, rows {@code from…} of an object, as the JMH fixture converts them. */
    private static List<SinkRecord> poll(int from, long offset) {
        List<SinkRecord> poll = new ArrayList<>(POLL);
        for (int i = 0; i < POLL; i++) {
            poll.add(new SinkRecord(SinkFixture.TOPIC, 0, null, null, SinkFixture.row(0).schema(),
                SinkFixture.row(from + i), offset + i, 1_714_557_600_000L + offset + i, TimestampType.CREATE_TIME));
        }
        return poll;
    }

    /** Keeps a copy of the last object put; sends nothing. */
    private static final class LastObject implements ObjectStore {
        byte[] last;

        @Override
        public void put(String key, byte[] data, int length, ObjectAttributes attributes) {
            last = Arrays.copyOf(data, length);
        }

        @Override
        public String startMultipart(String key, ObjectAttributes attributes) {
            throw new UnsupportedOperationException("objects here are far below the part size");
        }

        @Override
        public String uploadPart(String key, String uploadId, int partNumber, byte[] data, int length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void completeMultipart(String key, String uploadId, List<String> etags) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void abortMultipart(String key, String uploadId) {
        }

        @Override
        public Optional<byte[]> get(String key) {
            return Optional.empty();
        }

        @Override
        public void delete(Collection<String> keys) {
        }

        @Override
        public void close() {
        }
    }
}
