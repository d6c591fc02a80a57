package io.github.cdcbundle.s3sink;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The few S3 calls the sink makes, on one bucket. This is the seam tests use to inject failures (a crash between
 * upload and commit, an outage); {@link AwsObjectStore} is the real implementation and {@link RetryingObjectStore}
 * adds backoff around it.
 */
public interface ObjectStore extends AutoCloseable {
    /** Writes {@code data[0..length)} as the whole object, with the attributes (content type, encryption, ...). */
    void put(String key, byte[] data, int length, ObjectAttributes attributes);

    /** Starts a multipart upload of an object with these attributes and returns its id. */
    String startMultipart(String key, ObjectAttributes attributes);

    /** Uploads one part (numbers start at 1) and returns its ETag. */
    String uploadPart(String key, String uploadId, int partNumber, byte[] data, int length);

    /** Makes the object visible from its parts' ETags, in part order. */
    void completeMultipart(String key, String uploadId, List<String> etags);

    void abortMultipart(String key, String uploadId);

    /** The object's bytes, or empty when there is no such object. */
    Optional<byte[]> get(String key);

    /** Deletes the objects; absent keys are not an error. */
    void delete(Collection<String> keys);

    @Override
    void close();
}
