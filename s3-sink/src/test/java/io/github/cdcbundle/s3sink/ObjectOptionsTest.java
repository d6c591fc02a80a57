package io.github.cdcbundle.s3sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cdcbundle.testkit.S3Server;
import io.github.cdcbundle.testkit.iam.IamEnforcingProxy.SeenRequest;
import io.github.cdcbundle.testkit.iam.IamPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.Permission;
import software.amazon.awssdk.services.s3.model.Type;

/**
 * Issue 16, item 6: encryption, canned ACL, storage class and tags reach S3 on every object the sink writes (PutObject,
 * CreateMultipartUpload, recovery markers as documented), a replay sends the same, and the test stack's IAM endpoint
 * refuses them, as AWS does, unless docs/iam-policy-options.json's statements are added to docs/iam-policy.json.
 * What S3Proxy stores (SSE, KMS key, storage class of a PutObject, ACL) is read back from it; what it does not (tags,
 * bucket key, a multipart upload's storage class) is asserted on the requests the IAM endpoint saw, so an option that
 * is silently not sent fails here either way.
 */
class ObjectOptionsTest {
    private static final TopicPartition P0 = new TopicPartition("orders", 0);
    private static final long T0 = 1_714_557_600_000L;
    /** The key docs/iam-policy-options.json names. */
    private static final String KMS_KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private static final String MARKERS = "cdc/_markers/";

    private static final IamPolicy SHIPPED = IamPolicy.read(S3Server.shippedPolicy());
    private static final IamPolicy WITH_OPTIONS = SHIPPED.and(IamPolicy.read(S3Server.shippedOptionalStatements()));

    private static S3Server server;
    private static S3Client admin;
    private String bucket;
    private Map<String, String> props;

    @BeforeAll
    static void startServer() {
        // S3Proxy answers 501 to x-amz-tagging unless told to ignore headers it does not implement (see S3Server).
        server = S3Server.startIgnoringUnknownHeaders(WITH_OPTIONS);
        admin = server.client();
    }

    @AfterAll
    static void stopServer() {
        admin.close();
        server.close();
    }

    @BeforeEach
    void freshBucket() {
        bucket = "o-" + UUID.randomUUID().toString().substring(0, 13);
        server.createBucket(bucket);
        // The IAM-enforcing endpoint, and the policy's topics.dir.
        props = S3Bucket.config(bucket, server.endpoint());
        props.put(S3SinkConfig.TOPICS_DIR, "cdc");
        props.put(S3SinkConfig.FLUSH_SIZE, "3");
        // Recovery markers on, so they are written (and read back) too.
        props.put(S3SinkConfig.ROTATE_SCHEDULE_INTERVAL_MS, "3600000");
        server.enforce(WITH_OPTIONS);
    }

    private void allOptions() {
        props.put(S3SinkConfig.S3_SSE, "aws:kms");
        props.put(S3SinkConfig.S3_SSE_KMS_KEY_ID, KMS_KEY);
        props.put(S3SinkConfig.S3_SSE_BUCKET_KEY, "true");
        // S3Proxy stores private and public-read only (bucket-owner-full-control is a 501 there).
        props.put(S3SinkConfig.S3_ACL_CANNED, "public-read");
        props.put(S3SinkConfig.S3_STORAGE_CLASS, "standard_ia");
        props.put(S3SinkConfig.S3_OBJECT_TAGS, "team=data lake,pii=none,path=a/b+c");
    }

    private static final Map<String, String> DATA_HEADERS = Map.of(
        "x-amz-server-side-encryption", "aws:kms",
        "x-amz-server-side-encryption-aws-kms-key-id", KMS_KEY,
        "x-amz-server-side-encryption-bucket-key-enabled", "true",
        "x-amz-acl", "public-read",
        "x-amz-storage-class", "STANDARD_IA",
        "x-amz-tagging", "team=data%20lake&pii=none&path=a%2Fb%2Bc");

    @Test
    void everyDataObjectAndMarkerCarriesTheOptionsAndS3ProxyStoresWhatItCan() {
        allOptions();
        TaskDriver driver = driver(props);
        driver.startTask(List.of(P0));
        driver.put(rows(0, 6));
        driver.commit();

        List<String> data = List.of("cdc/orders/partition=0/orders+0+0000000000.json",
            "cdc/orders/partition=0/orders+0+0000000003.json");
        for (String key : data) {
            List<SeenRequest> writes = writesOf(key);
            assertThat(writes).as(key).hasSize(1).allMatch(SeenRequest::isPutObject);
            assertThat(writes.get(0).amzHeaders()).as(key).containsAllEntriesOf(DATA_HEADERS);
            HeadObjectResponse head = admin.headObject(b -> b.bucket(bucket).key(key));
            assertThat(head.serverSideEncryptionAsString()).isEqualTo("aws:kms");
            assertThat(head.ssekmsKeyId()).isEqualTo(KMS_KEY);
            assertThat(head.storageClassAsString()).isEqualTo("STANDARD_IA");
            assertThat(publicRead(key)).as("S3Proxy stored the public-read ACL of " + key).isTrue();
        }
        String marker = MARKERS + "orders+0.txt";
        List<SeenRequest> markerWrites = writesOf(marker);
        assertThat(markerWrites).as("one marker write per batch").hasSize(2);
        for (SeenRequest write : markerWrites) {
            assertThat(write.amzHeaders()).containsEntry("x-amz-server-side-encryption", "aws:kms")
                .containsEntry("x-amz-server-side-encryption-aws-kms-key-id", KMS_KEY)
                .containsEntry("x-amz-server-side-encryption-bucket-key-enabled", "true")
                .containsEntry("x-amz-acl", "public-read")
                .doesNotContainKeys("x-amz-storage-class", "x-amz-tagging");
        }
        assertThat(admin.headObject(b -> b.bucket(bucket).key(marker)).storageClassAsString()).isEqualTo("STANDARD");

        // A new task reads the SSE-KMS marker back: the endpoint asks kms:Decrypt for it, which the statements grant.
        driver.startTask(List.of(P0));
        driver.put(rows(6, 3));
        driver.commit();
        assertThat(server.requests().stream()
            .filter(r -> bucket.equals(r.bucket()) && r.method().equals("GET") && marker.equals(r.key())))
            .isNotEmpty().noneMatch(SeenRequest::denied);
    }

    @Test
    void aMultipartUploadIsCreatedWithTheSameOptions() {
        allOptions();
        props.put(S3SinkConfig.S3_PART_SIZE, String.valueOf(S3SinkConfig.MIN_PART_SIZE));
        props.put(S3SinkConfig.FLUSH_SIZE, "7000");
        TaskDriver driver = driver(props);
        driver.startTask(List.of(P0));
        String pad = "x".repeat(1000);
        driver.put(TaskDriver.strings("orders", 0, 7000, pad, T0));
        driver.commit();

        String key = "cdc/orders/partition=0/orders+0+0000000000.json";
        List<SeenRequest> writes = writesOf(key);
        assertThat(writes).filteredOn(SeenRequest::isCreateMultipartUpload).hasSize(1)
            .allSatisfy(w -> assertThat(w.amzHeaders()).containsAllEntriesOf(DATA_HEADERS));
        assertThat(writes).filteredOn(SeenRequest::isPutObject).isEmpty();
        HeadObjectResponse head = admin.headObject(b -> b.bucket(bucket).key(key));
        assertThat(head.contentLength()).isEqualTo(7000L * (pad.length() + 3));
        assertThat(head.ssekmsKeyId()).isEqualTo(KMS_KEY);
    }

    @Test
    void sseS3IsSentAndNothingElseIsByDefault() {
        TaskDriver plain = driver(props);
        plain.startTask(List.of(P0));
        plain.put(rows(0, 3));
        plain.commit();
        assertThat(writesOf("cdc/orders/partition=0/orders+0+0000000000.json")).hasSize(1)
            .allSatisfy(w -> assertThat(w.amzHeaders()).doesNotContainKeys("x-amz-server-side-encryption",
                "x-amz-acl", "x-amz-storage-class", "x-amz-tagging",
                "x-amz-server-side-encryption-bucket-key-enabled"));

        props.put(S3SinkConfig.S3_SSE, "aes256");
        TaskDriver sse = driver(props);
        sse.startTask(List.of(new TopicPartition("orders", 1)));
        sse.put(List.of(TaskDriver.record("orders", 1, 0, Schema.STRING_SCHEMA, "a", T0),
            TaskDriver.record("orders", 1, 1, Schema.STRING_SCHEMA, "b", T0),
            TaskDriver.record("orders", 1, 2, Schema.STRING_SCHEMA, "c", T0)));
        sse.commit();
        assertThat(writesOf("cdc/orders/partition=1/orders+1+0000000000.json")).hasSize(1)
            .allSatisfy(w -> assertThat(w.amzHeaders()).containsEntry("x-amz-server-side-encryption", "AES256")
                .doesNotContainKey("x-amz-server-side-encryption-aws-kms-key-id"));
        assertThat(writesOf(MARKERS + "orders+1.txt")).isNotEmpty()
            .allSatisfy(w -> assertThat(w.amzHeaders()).containsEntry("x-amz-server-side-encryption", "AES256"));
    }

    @Test
    void aReplayWritesTheSameKeysBytesAndOptions() {
        allOptions();
        TaskDriver driver = driver(props);
        driver.startTask(List.of(P0));
        driver.put(rows(0, 6));
        driver.task.awaitUploads();
        String first = "cdc/orders/partition=0/orders+0+0000000000.json";
        byte[] before = admin.getObjectAsBytes(b -> b.bucket(bucket).key(first)).asByteArray();
        // Crash before any offset commit, then the worker re-delivers from offset 0 to a new task.
        driver.startTask(List.of(P0));
        driver.put(rows(0, 6));
        driver.commit();

        Map<String, List<Map<String, String>>> headersByKey = new LinkedHashMap<>();
        for (SeenRequest r : server.requests()) {
            if (bucket.equals(r.bucket()) && r.isPutObject() && !r.key().startsWith(MARKERS)) {
                headersByKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.amzHeaders());
            }
        }
        assertThat(headersByKey).containsOnlyKeys(first, "cdc/orders/partition=0/orders+0+0000000003.json");
        headersByKey.forEach((key, sent) -> {
            assertThat(sent).as(key + " written by both tasks").hasSize(2);
            assertThat(sent.get(1)).as(key).isEqualTo(sent.get(0)).containsAllEntriesOf(DATA_HEADERS);
        });
        assertThat(admin.getObjectAsBytes(b -> b.bucket(bucket).key(first)).asByteArray()).isEqualTo(before);
    }

    @Test
    void withoutTheOptionalStatementsEachOptionIsRefusedNamingTheAction() {
        server.enforce(SHIPPED);
        assertRefused(S3SinkConfig.S3_OBJECT_TAGS, "team=data", "s3:PutObjectTagging",
            "arn:aws:s3:::" + bucket + "/cdc/_markers/orders+0.txt", false);
        assertRefused(S3SinkConfig.S3_ACL_CANNED, "private", "s3:PutObjectAcl",
            "arn:aws:s3:::" + bucket + "/cdc/_markers/orders+0.txt", true);
        props.put(S3SinkConfig.S3_SSE_KMS_KEY_ID, KMS_KEY);
        assertRefused(S3SinkConfig.S3_SSE, "aws:kms", "kms:GenerateDataKey", KMS_KEY, true);
    }

    /** As on AWS, writing under SSE-KMS needs kms:GenerateDataKey, and reading the object back kms:Decrypt. */
    @Test
    void readingAnSseKmsMarkerBackNeedsKmsDecrypt() {
        props.put(S3SinkConfig.S3_SSE, "aws:kms");
        props.put(S3SinkConfig.S3_SSE_KMS_KEY_ID, KMS_KEY);
        server.enforce(WITH_OPTIONS.without("kms:Decrypt"));
        TaskDriver driver = driver(props);
        driver.startTask(List.of(P0));
        driver.put(rows(0, 3));
        driver.commit();
        assertThat(writesOf("cdc/orders/partition=0/orders+0+0000000000.json")).hasSize(1);

        driver.startTask(List.of(P0));
        assertThatThrownBy(() -> driver.put(rows(0, 3))).isInstanceOf(ConnectException.class)
            .hasMessageStartingWith("S3 GetObject of " + MARKERS + "orders+0.txt failed: HTTP 403 AccessDenied")
            .hasMessageContaining("is not authorized to perform: kms:Decrypt on resource: \"" + KMS_KEY + "\"");
    }

    /** The first write with the option on fails, its message naming the refused action and resource. */
    private void assertRefused(String option, String value, String action, String markerResource,
                               boolean markerCarriesIt) {
        Map<String, String> withOption = new HashMap<>(props);
        withOption.put(option, value);
        TaskDriver driver = driver(withOption);
        driver.startTask(List.of(P0));
        String resource = markerCarriesIt ? markerResource
            : "arn:aws:s3:::" + bucket + "/cdc/orders/partition=0/orders+0+0000000000.json";
        assertThatThrownBy(() -> driver.putCommitAndPoll(rows(0, 3))).as(option).isInstanceOf(ConnectException.class)
            .hasMessageContaining("HTTP 403 AccessDenied")
            .hasMessageContaining("is not authorized to perform: " + action + " on resource: \"" + resource + "\"");
        driver.task.stop();
    }

    private static TaskDriver driver(Map<String, String> config) {
        return new TaskDriver(config, new MutableClock(T0), TaskDriver.aws());
    }

    private List<SeenRequest> writesOf(String key) {
        return server.requests().stream()
            .filter(r -> bucket.equals(r.bucket()) && key.equals(r.key())
                && (r.isPutObject() || r.isCreateMultipartUpload()))
            .collect(Collectors.toList());
    }

    private boolean publicRead(String key) {
        return admin.getObjectAcl(b -> b.bucket(bucket).key(key)).grants().stream()
            .anyMatch(g -> g.grantee().type() == Type.GROUP && g.grantee().uri() != null
                && g.grantee().uri().endsWith("/global/AllUsers") && g.permission() == Permission.READ);
    }

    private static List<SinkRecord> rows(int from, int count) {
        List<SinkRecord> out = new ArrayList<>();
        for (int o = from; o < from + count; o++) {
            out.add(TaskDriver.record("orders", 0, o, Schema.STRING_SCHEMA, "row " + o, T0 + o));
        }
        return out;
    }
}
