package io.github.cdcbundle.s3sink;

import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.github.cdcbundle.s3sink.parquet.ColumnFailure;
import io.github.cdcbundle.s3sink.parquet.Columns;
import io.github.cdcbundle.s3sink.parquet.ParquetCodec;
import io.github.cdcbundle.s3sink.parquet.ParquetObject;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * format=parquet for one task: the options, and the compiled columns of each row schema seen (compiled once per
 * schema; the converter hands out one schema instance per distinct schema header, so the identity check hits).
 * Used from the task's thread only.
 */
final class ParquetFormat {
    /** Distinct schemas kept compiled; a table rarely has more than a handful of versions in flight. */
    private static final int CACHE_SIZE = 64;

    private final ParquetCodec codec;
    private final long rowGroupSize;
    private final Set<String> millisFields;
    private final Map<Schema, Columns> compiled = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Schema, Columns> eldest) {
            return size() > CACHE_SIZE;
        }
    };
    private Schema lastSchema;
    private Columns lastColumns;

    ParquetFormat(S3SinkConfig config) {
        this.codec = config.parquetCodec();
        this.rowGroupSize = config.parquetRowGroupSize();
        this.millisFields = Set.copyOf(config.parquetTimestampMillisFields());
    }

    /** A new object for rows of the record's schema, written into {@code out}. */
    ParquetObject open(SinkRecord record, OutputStream out) {
        Schema schema = record.valueSchema();
        return new ParquetObject(schema, columns(record), out, codec, rowGroupSize);
    }

    /** Checks and converts the record's value for the object; a failure names the field and the record. */
    Object prepare(ParquetObject object, SinkRecord record) {
        try {
            return object.columns().prepare(record.value());
        } catch (ColumnFailure e) {
            throw new DataException("Cannot write [format=parquet] at " + Coordinates.of(record) + ": "
                + e.describe());
        }
    }

    private Columns columns(SinkRecord record) {
        Schema schema = record.valueSchema();
        if (schema != null && schema == lastSchema) {
            return lastColumns;
        }
        if (schema == null || schema.type() != Schema.Type.STRUCT) {
            throw new DataException("[format=parquet] needs Struct values with a schema, found "
                + (schema == null ? "a schemaless value" : "a " + schema.type() + " schema") + " at "
                + Coordinates.of(record) + ": with AnalystJsonConverter set value.converter.schema.header=true on "
                + "the source connector (the sink's converter then reads typed rows), or use a schema'd converter");
        }
        Columns columns = compiled.get(schema);
        if (columns == null) {
            try {
                columns = Columns.compile(schema, millisFields);
            } catch (IllegalArgumentException e) {
                throw new DataException("[format=parquet] cannot type the schema of " + Coordinates.of(record) + ": "
                    + e.getMessage());
            }
            compiled.put(schema, columns);
        }
        lastSchema = schema;
        lastColumns = columns;
        return columns;
    }
}
