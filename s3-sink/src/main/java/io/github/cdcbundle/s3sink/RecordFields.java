package io.github.cdcbundle.s3sink;

import java.util.Map;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

/** Reads a (dotted) field from a record value that is a Struct or a Map, without copying anything. */
final class RecordFields {
    private RecordFields() {
    }

    /** Splits once at configure time, so per-record lookups do no string work. */
    static String[] path(String dotted) {
        return dotted.split("\\.");
    }

    /** The field's value, or null when it (or a parent) is absent or null. */
    static Object get(SinkRecord record, String[] path, String purpose) {
        Object current = record.value();
        for (String name : path) {
            if (current == null) {
                return null;
            }
            if (current instanceof Struct) {
                Struct struct = (Struct) current;
                Field field = struct.schema().field(name);
                current = field == null ? null : struct.get(field);
            } else if (current instanceof Map) {
                current = ((Map<?, ?>) current).get(name);
            } else {
                throw new DataException("Only Struct or Map values supported for [" + purpose + "], found: "
                    + current.getClass().getName() + " at " + Coordinates.of(record));
            }
        }
        return current;
    }
}
