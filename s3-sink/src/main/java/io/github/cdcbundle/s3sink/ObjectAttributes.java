package io.github.cdcbundle.s3sink;

import java.util.Objects;

/**
 * What an object carries besides its bytes, sent with its PutObject or CreateMultipartUpload: content type,
 * server-side encryption, canned ACL, storage class and tags. Built once per task from the config, so every object of
 * a kind (and every replay of it) is written with the same attributes. Null fields are not sent.
 */
final class ObjectAttributes {
    final String contentType;
    /** AES256 or aws:kms, or null. */
    final String serverSideEncryption;
    final String kmsKeyId;
    /** True only with aws:kms and s3.sse.bucket.key.enabled. */
    final boolean bucketKey;
    final String cannedAcl;
    final String storageClass;
    /** URL-encoded query form ({@code k1=v1&k2=v2}), as the x-amz-tagging header wants it. */
    final String tagging;

    ObjectAttributes(String contentType, String serverSideEncryption, String kmsKeyId, boolean bucketKey,
                     String cannedAcl, String storageClass, String tagging) {
        this.contentType = Objects.requireNonNull(contentType);
        this.serverSideEncryption = serverSideEncryption;
        this.kmsKeyId = kmsKeyId;
        this.bucketKey = bucketKey;
        this.cannedAcl = cannedAcl;
        this.storageClass = storageClass;
        this.tagging = tagging;
    }

    /** Only a content type: what the tests' stores and the defaults send. */
    static ObjectAttributes of(String contentType) {
        return new ObjectAttributes(contentType, null, null, false, null, null, null);
    }

    /** Data objects: everything the user configured. */
    static ObjectAttributes forData(S3SinkConfig config, String contentType) {
        return new ObjectAttributes(contentType, config.serverSideEncryption(), config.kmsKeyId(),
            config.bucketKeyEnabled(), config.cannedAcl(), config.storageClass(), config.objectTagging());
    }

    /**
     * Recovery markers: encryption and ACL (the access controls a bucket policy may demand of every PUT), but neither
     * storage class nor tags. The sink reads its marker back at every assignment, so an archive class would make it
     * unreadable and an infrequent-access class bills a 128 KiB minimum for each rewrite of a tiny object; tags drive
     * lifecycle rules and cost reports meant for the data, which must not expire the sink's own bookkeeping.
     */
    static ObjectAttributes forMarker(S3SinkConfig config) {
        return new ObjectAttributes("text/plain", config.serverSideEncryption(), config.kmsKeyId(),
            config.bucketKeyEnabled(), config.cannedAcl(), null, null);
    }
}
