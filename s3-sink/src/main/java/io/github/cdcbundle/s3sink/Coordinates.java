package io.github.cdcbundle.s3sink;

import org.apache.kafka.connect.sink.SinkRecord;

/** Names a record in error messages by its coordinates, never by its data. */
final class Coordinates {
    private Coordinates() {
    }

    static String of(SinkRecord record) {
        return "topic " + record.topic() + ", partition " + record.kafkaPartition() + ", offset "
            + record.kafkaOffset();
    }
}
