package io.github.cdcbundle.s3sink;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;

/** {@link ObjectStore} on the AWS SDK v2, with the HTTP client chosen explicitly. */
public final class AwsObjectStore implements ObjectStore {
    private static final int DELETE_BATCH = 1000;

    private final S3Client s3;
    private final String bucket;

    public AwsObjectStore(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    /**
     * The client for a config. The HTTP client is set explicitly: left to the SDK, it picks one through
     * ServiceLoader and fails with "Multiple HTTP implementations" when the worker's classpath holds another.
     * SDK retries are off; {@link RetryingObjectStore} owns retrying so that an outage becomes a
     * RetriableException instead of a blocked task.
     */
    public static S3Client client(S3SinkConfig config) {
        S3ClientBuilder builder = S3Client.builder()
            .httpClient(UrlConnectionHttpClient.builder().build())
            .region(Region.of(config.region()))
            .forcePathStyle(config.pathStyleAccess())
            .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
                .addExecutionInterceptor(new NoExpectContinue()))
            .credentialsProvider(credentials(config));
        if (config.endpoint() != null) {
            builder.endpointOverride(config.endpoint());
        }
        return builder.build();
    }

    /**
     * Drops {@code Expect: 100-continue}. With the JDK's HttpURLConnection a reused keep-alive connection that the
     * server already closed fails inside the 100-continue handshake ("Unexpected end of file from server"); without
     * the header the body is simply sent, and our retry covers the rare stale connection.
     */
    private static final class NoExpectContinue implements ExecutionInterceptor {
        @Override
        public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
            SdkHttpRequest request = context.httpRequest();
            return request.firstMatchingHeader("Expect").isPresent()
                ? request.toBuilder().removeHeader("Expect").build() : request;
        }
    }

    private static AwsCredentialsProvider credentials(S3SinkConfig config) {
        if (config.accessKeyId() == null) {
            return DefaultCredentialsProvider.builder().build();
        }
        return StaticCredentialsProvider.create(
            AwsBasicCredentials.create(config.accessKeyId().value(), config.secretAccessKey().value()));
    }

    @Override
    public void put(String key, byte[] data, int length, ObjectAttributes a) {
        s3.putObject(b -> b.bucket(bucket).key(key).contentType(a.contentType).contentLength((long) length)
                .serverSideEncryption(a.serverSideEncryption).ssekmsKeyId(a.kmsKeyId).bucketKeyEnabled(bucketKey(a))
                .acl(a.cannedAcl).storageClass(a.storageClass).tagging(a.tagging),
            body(data, length, a.contentType));
    }

    /**
     * The same attributes as {@link #put}: S3 takes them when the upload is created (UploadPart and
     * CompleteMultipartUpload carry none), so a large object is written exactly like a small one.
     */
    @Override
    public String startMultipart(String key, ObjectAttributes a) {
        return s3.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType(a.contentType)
            .serverSideEncryption(a.serverSideEncryption).ssekmsKeyId(a.kmsKeyId).bucketKeyEnabled(bucketKey(a))
            .acl(a.cannedAcl).storageClass(a.storageClass).tagging(a.tagging)).uploadId();
    }

    /** Sent only when asked for: a false header would override a bucket whose default turns the Bucket Key on. */
    private static Boolean bucketKey(ObjectAttributes a) {
        return a.bucketKey ? Boolean.TRUE : null;
    }

    @Override
    public String uploadPart(String key, String uploadId, int partNumber, byte[] data, int length) {
        return s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber)
            .contentLength((long) length), body(data, length, "application/octet-stream")).eTag();
    }

    @Override
    public void completeMultipart(String key, String uploadId, List<String> etags) {
        List<CompletedPart> parts = new ArrayList<>(etags.size());
        for (int i = 0; i < etags.size(); i++) {
            parts.add(CompletedPart.builder().partNumber(i + 1).eTag(etags.get(i)).build());
        }
        try {
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()));
        } catch (NoSuchUploadException e) {
            // A retry after a completion whose response was lost: the upload is gone because the object exists.
            // Listing the one key (s3:ListBucket) rather than HeadObject (s3:GetObject) keeps docs/iam-policy.json
            // from granting reads of data objects.
            boolean exists = s3.listObjectsV2(b -> b.bucket(bucket).prefix(key).maxKeys(1)).contents().stream()
                .anyMatch(o -> o.key().equals(key));
            if (!exists) {
                throw e;
            }
        }
    }

    @Override
    public void abortMultipart(String key, String uploadId) {
        s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
    }

    @Override
    public Optional<byte[]> get(String key) {
        try {
            ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
            return Optional.of(bytes.asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    @Override
    public void delete(Collection<String> keys) {
        List<ObjectIdentifier> ids = new ArrayList<>(Math.min(keys.size(), DELETE_BATCH));
        for (String key : keys) {
            ids.add(ObjectIdentifier.builder().key(key).build());
            if (ids.size() == DELETE_BATCH) {
                deleteBatch(ids);
                ids.clear();
            }
        }
        if (!ids.isEmpty()) {
            deleteBatch(ids);
        }
    }

    private void deleteBatch(List<ObjectIdentifier> ids) {
        DeleteObjectsResponse response = s3.deleteObjects(b -> b.bucket(bucket)
            .delete(Delete.builder().objects(new ArrayList<>(ids)).quiet(true).build()));
        for (S3Error error : response.errors()) {
            if (!"NoSuchKey".equals(error.code())) {
                // S3 reports per-key refusals (AccessDenied when s3:DeleteObject is missing) inside a 200 answer.
                throw new IllegalStateException("S3 DeleteObjects refused to delete " + error.key() + ": "
                    + error.code() + (error.message() == null ? "" : " (" + error.message() + ")"));
            }
        }
    }

    /** The body is streamed from our buffer; no copy is made. */
    private static RequestBody body(byte[] data, int length, String contentType) {
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(data, 0, length), length,
            contentType);
    }

    @Override
    public void close() {
        s3.close();
    }
}
