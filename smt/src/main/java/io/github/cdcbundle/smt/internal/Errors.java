package io.github.cdcbundle.smt.internal;

import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Builds error messages that say where a bad record sits (topic, partition, offset where known) without ever
 * including the record's data. Only called on the failure path, so string building here costs nothing per record.
 */
public final class Errors {
    private Errors() {
    }

    public static String coordinates(ConnectRecord<?> record) {
        StringBuilder sb = new StringBuilder("topic=").append(record.topic());
        if (record.kafkaPartition() != null) {
            sb.append(", partition=").append(record.kafkaPartition());
        }
        if (record instanceof SinkRecord) {
            sb.append(", offset=").append(((SinkRecord) record).kafkaOffset());
        }
        return sb.toString();
    }

    /** A short type description of a value: its Java class, never its contents. */
    public static String typeOf(Object value) {
        return value == null ? "null" : value.getClass().getName();
    }
}
