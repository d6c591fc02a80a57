package io.github.cdcbundle.s3sink;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

import org.apache.kafka.connect.sink.SinkRecord;

/** Maps a record to the folder between {@code <topics.dir>/<topic>/} and the file name. */
interface Partitioner {
    /**
     * @param record the record
     * @param timestampMs the record time from the configured extractor; only read by the time partitioner
     */
    String path(SinkRecord record, long timestampMs);

    /** Whether {@link #path} reads its timestamp argument (so the task computes it only when needed). */
    default boolean usesTimestamp() {
        return false;
    }

    static Partitioner create(S3SinkConfig config) {
        switch (config.partitioner()) {
            case FIELD:
                return new FieldPartitioner(config.partitionFields());
            case TIME:
                return new TimePartitioner(config.pathFormat().formatter(config.locale()), config.zone(),
                    config.partitionDurationMs());
            default:
                return new KafkaPartitioner();
        }
    }

    /** {@code partition=<n>}, the text made once per partition number rather than per record. */
    final class KafkaPartitioner implements Partitioner {
        private String[] paths = new String[0];

        @Override
        public String path(SinkRecord record, long timestampMs) {
            int partition = record.kafkaPartition();
            if (partition < 0 || partition >= 4096) {
                return "partition=" + partition;
            }
            if (partition >= paths.length) {
                paths = Arrays.copyOf(paths, Math.max(partition + 1, paths.length * 2));
            }
            String path = paths[partition];
            if (path == null) {
                path = "partition=" + partition;
                paths[partition] = path;
            }
            return path;
        }
    }

    /**
     * Floors the record time to a multiple of the duration in local time (so a 1-day duration means local days)
     * and formats the local date-time. Around DST changes a local hour that happens twice maps to one folder, and
     * a skipped hour gets none.
     */
    final class TimePartitioner implements Partitioner {
        private final DateTimeFormatter formatter;
        private final ZoneId zone;
        private final long durationMs;
        private long lastFloor = Long.MIN_VALUE;
        private String lastPath;

        TimePartitioner(DateTimeFormatter formatter, ZoneId zone, long durationMs) {
            this.formatter = formatter;
            this.zone = zone;
            this.durationMs = durationMs;
        }

        @Override
        public boolean usesTimestamp() {
            return true;
        }

        @Override
        public String path(SinkRecord record, long timestampMs) {
            Instant instant = Instant.ofEpochMilli(timestampMs);
            ZoneOffset offset = zone.getRules().getOffset(instant);
            long localMs = timestampMs + offset.getTotalSeconds() * 1000L;
            long floor = Math.floorDiv(localMs, durationMs) * durationMs;
            if (floor == lastFloor) {
                return lastPath;
            }
            LocalDateTime local = LocalDateTime.ofEpochSecond(Math.floorDiv(floor, 1000L),
                (int) Math.floorMod(floor, 1000L) * 1_000_000, ZoneOffset.UTC);
            String path = formatter.format(ZonedDateTime.ofLocal(local, zone, offset));
            lastFloor = floor;
            lastPath = path;
            return path;
        }
    }
}
