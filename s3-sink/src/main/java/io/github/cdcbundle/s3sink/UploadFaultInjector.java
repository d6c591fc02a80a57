package io.github.cdcbundle.s3sink;

import org.apache.kafka.common.TopicPartition;

/**
 * A test seam around each object upload of a rotation. Tests throw from it to simulate a task that dies between
 * uploading objects and committing their offsets; production uses {@link #NONE}.
 */
public interface UploadFaultInjector {
    UploadFaultInjector NONE = new UploadFaultInjector() {
    };

    default void beforeUpload(TopicPartition tp, String key) {
    }

    default void afterUpload(TopicPartition tp, String key) {
    }
}
