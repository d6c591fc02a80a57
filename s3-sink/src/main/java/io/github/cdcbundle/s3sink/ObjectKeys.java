package io.github.cdcbundle.s3sink;

/** Object names: {@code <topics.dir>/<topic>/<partition path>/<topic>+<kafkaPartition>+<startOffset>.<ext>}. */
final class ObjectKeys {
    /** Offsets are zero-padded so that a listing sorts files of one partition path by offset (as Confluent's). */
    static final int OFFSET_WIDTH = 10;

    private final String prefix;
    private final String extension;

    ObjectKeys(String topicsDir, String extension) {
        this.prefix = topicsDir.isEmpty() ? "" : topicsDir + "/";
        this.extension = extension;
    }

    String dataKey(String topic, int partition, String partitionPath, long startOffset) {
        String offset = Long.toString(startOffset);
        StringBuilder sb = new StringBuilder(prefix.length() + 2 * topic.length() + partitionPath.length() + 40);
        sb.append(prefix).append(topic).append('/').append(partitionPath).append('/')
            .append(topic).append('+').append(partition).append('+');
        for (int i = offset.length(); i < OFFSET_WIDTH; i++) {
            sb.append('0');
        }
        return sb.append(offset).append('.').append(extension).toString();
    }

    /** One marker per topic partition, beside (not inside) the topic folders so that table readers skip it. */
    String markerKey(String topic, int partition) {
        return prefix + "_markers/" + topic + "+" + partition + ".txt";
    }
}
