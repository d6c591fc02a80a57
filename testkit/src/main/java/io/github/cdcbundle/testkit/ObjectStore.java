package io.github.cdcbundle.testkit;

import java.net.URI;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** An S3 API server (path-style), whichever backend runs it. */
public interface ObjectStore extends AutoCloseable {
    /** The endpoint the connectors are given; it may enforce an IAM policy (see {@link S3Server}). */
    URI endpoint();

    /**
     * The endpoint the test itself uses to set up and check (create buckets, list and read objects), as an admin
     * would, so that assertions do not depend on what the connectors' policy allows.
     */
    default URI adminEndpoint() {
        return endpoint();
    }

    String accessKey();

    String secretKey();

    default String region() {
        return "us-east-1";
    }

    /** A path-style client with the server's credentials, on the {@link #adminEndpoint()}. */
    default S3Client client() {
        return S3Client.builder()
                .httpClient(UrlConnectionHttpClient.builder().build())
                .region(Region.of(region()))
                .endpointOverride(adminEndpoint())
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey(),
                        secretKey())))
                .build();
    }

    default void createBucket(String bucket) {
        try (S3Client s3 = client()) {
            s3.createBucket(b -> b.bucket(bucket));
        }
    }

    default List<String> keys(String bucket, String prefix) {
        try (S3Client s3 = client()) {
            return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
                    .map(S3Object::key).sorted().toList();
        }
    }

    default byte[] get(String bucket, String key) {
        try (S3Client s3 = client()) {
            return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
        }
    }

    @Override
    void close();
}
