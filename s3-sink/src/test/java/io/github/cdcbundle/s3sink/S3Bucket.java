package io.github.cdcbundle.s3sink;

import io.github.cdcbundle.testkit.S3Server;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.zip.GZIPInputStream;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** A fresh bucket on the shared S3Proxy, read back with the AWS SDK v2 client. */
final class S3Bucket {
    final S3Server server;
    final S3Client client;
    final String name;

    S3Bucket(S3Server server) {
        this.server = server;
        this.client = server.client();
        this.name = "b-" + UUID.randomUUID().toString().substring(0, 13);
        client.createBucket(b -> b.bucket(name));
    }

    /** The sink's config for this bucket; tests add their own options. */
    Map<String, String> config() {
        // The sink's own tests use their own buckets and topics.dir; the IAM policy is checked end to end (e2e).
        return config(name, server.adminEndpoint());
    }

    /** The sink's config for {@code bucket} at {@code endpoint}, with the test kit's keys and short backoffs. */
    static Map<String, String> config(String bucket, java.net.URI endpoint) {
        Map<String, String> props = new HashMap<>();
        props.put(S3SinkConfig.S3_BUCKET, bucket);
        props.put(S3SinkConfig.S3_ENDPOINT, endpoint.toString());
        props.put(S3SinkConfig.S3_PATH_STYLE, "true");
        props.put(S3SinkConfig.AWS_ACCESS_KEY_ID, S3Server.ACCESS_KEY);
        props.put(S3SinkConfig.AWS_SECRET_ACCESS_KEY, S3Server.SECRET_KEY);
        props.put(S3SinkConfig.S3_RETRY_BACKOFF_MS, "5");
        props.put(S3SinkConfig.S3_RETRY_MAX_BACKOFF_MS, "20");
        props.put("topics", "orders");
        return props;
    }

    /** Every key under the prefix, sorted. */
    List<String> keys(String prefix) {
        List<String> keys = new ArrayList<>();
        client.listObjectsV2Paginator(b -> b.bucket(name).prefix(prefix)).contents().stream().map(S3Object::key)
            .forEach(keys::add);
        keys.sort(null);
        return keys;
    }

    byte[] bytes(String key) {
        byte[] raw = client.getObjectAsBytes(b -> b.bucket(name).key(key)).asByteArray();
        if (!key.endsWith(".gz")) {
            return raw;
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> lines(String key) {
        String text = new String(bytes(key), StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    /** key to lines, for every data object under topics/. */
    Map<String, List<String>> dataObjects(String topicsDir) {
        Map<String, List<String>> result = new TreeMap<>();
        for (String key : keys(topicsDir + "/")) {
            if (!key.startsWith(topicsDir + "/_markers/")) {
                result.put(key, lines(key));
            }
        }
        return result;
    }
}
