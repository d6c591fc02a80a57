package io.github.cdcbundle.s3sink;

import java.time.Clock;

import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

/** A record's time in epoch milliseconds, for the time partitioner and {@code rotate.interval.ms}. */
@FunctionalInterface
interface TimestampExtractor {
    long extract(SinkRecord record);

    static TimestampExtractor create(S3SinkConfig config, Clock clock) {
        switch (config.timestampSource()) {
            case WALLCLOCK:
                return record -> clock.millis();
            case RECORD_FIELD:
                return new FieldTimestamp(config);
            default:
                return record -> {
                    Long ts = record.timestamp();
                    if (ts == null) {
                        throw new DataException("Record has no Kafka timestamp for [" + S3SinkConfig.TIMESTAMP_EXTRACTOR
                            + "=Record] at " + Coordinates.of(record));
                    }
                    return ts;
                };
        }
    }

    /** Reads {@code timestamp.field}. */
    final class FieldTimestamp implements TimestampExtractor {
        private final String[] path;
        private final TimestampParser parser;

        FieldTimestamp(S3SinkConfig config) {
            this.path = RecordFields.path(config.timestampField());
            this.parser = new TimestampParser(config.timestampUnit(), config.zone());
        }

        @Override
        public long extract(SinkRecord record) {
            Object value = RecordFields.get(record, path, S3SinkConfig.TIMESTAMP_FIELD);
            if (value == null) {
                throw new DataException("Missing or null [" + S3SinkConfig.TIMESTAMP_FIELD + "] at "
                    + Coordinates.of(record));
            }
            try {
                return parser.toEpochMillis(value);
            } catch (RuntimeException e) {
                throw new DataException("Cannot read [" + S3SinkConfig.TIMESTAMP_FIELD + "] at "
                    + Coordinates.of(record) + ": " + e.getMessage());
            }
        }
    }
}
