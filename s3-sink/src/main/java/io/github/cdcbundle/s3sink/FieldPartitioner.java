package io.github.cdcbundle.s3sink;

import java.util.List;

import org.apache.kafka.connect.sink.SinkRecord;

/**
 * {@code <field>=<value>/...} for each configured field. A '/' inside a value would add a folder level, so it is
 * written as '_'; a missing or null field is written as {@code null}.
 */
final class FieldPartitioner implements Partitioner {
    private final String[] names;
    private final String[][] paths;

    FieldPartitioner(List<String> fields) {
        names = fields.stream().map(String::trim).toArray(String[]::new);
        paths = new String[names.length][];
        for (int i = 0; i < names.length; i++) {
            paths[i] = RecordFields.path(names[i]);
        }
    }

    @Override
    public String path(SinkRecord record, long timestampMs) {
        StringBuilder sb = new StringBuilder(32);
        for (int i = 0; i < names.length; i++) {
            if (i > 0) {
                sb.append('/');
            }
            Object value = RecordFields.get(record, paths[i], S3SinkConfig.PARTITION_FIELD_NAME);
            sb.append(names[i]).append('=').append(value == null ? "null" : value.toString().replace('/', '_'));
        }
        return sb.toString();
    }
}
