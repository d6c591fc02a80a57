package io.github.cdcbundle.smt.internal;

import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.Headers;

/**
 * The part of a record a transform works on, its key or its value: what Kafka's transforms spell out in the hooks of
 * each nested {@code Key} and {@code Value} class, written once for all of ours.
 */
public enum RecordSide {
    KEY,
    VALUE;

    public Schema schema(ConnectRecord<?> record) {
        return this == KEY ? record.keySchema() : record.valueSchema();
    }

    public Object value(ConnectRecord<?> record) {
        return this == KEY ? record.key() : record.value();
    }

    /** The record with this side replaced; the other side, topic, partition and timestamp as they were. */
    public <R extends ConnectRecord<R>> R newRecord(R record, Schema schema, Object value, Headers headers) {
        if (this == KEY) {
            return record.newRecord(record.topic(), record.kafkaPartition(), schema, value, record.valueSchema(),
                    record.value(), record.timestamp(), headers);
        }
        return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(), schema,
                value, record.timestamp(), headers);
    }
}
