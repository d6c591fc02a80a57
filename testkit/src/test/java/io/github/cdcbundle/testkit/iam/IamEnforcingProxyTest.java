package io.github.cdcbundle.testkit.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cdcbundle.testkit.S3Server;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The enforcing endpoint in front of the real S3Proxy, called with the AWS SDK v2 client as the sink calls it. */
class IamEnforcingProxyTest {
    static final String DENIED_GET = "User: arn:aws:iam::000000000000:user/cdc-sink is not authorized to perform: "
            + "s3:GetObject on resource: \"arn:aws:s3:::lake/cdc/t/k.json\" because no identity-based policy allows "
            + "the s3:GetObject action";

    static S3Server server;
    static S3Client sink;

    @BeforeAll
    static void start() {
        server = S3Server.start(null, IamPolicy.read(S3Server.shippedPolicy()));
        server.createBucket("lake");
        sink = clientOf(server);
    }

    @AfterAll
    static void stop() {
        if (sink != null) {
            sink.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** A client on the enforcing endpoint, with the sink's settings (no SDK retries, to see each answer). */
    static S3Client clientOf(S3Server s) {
        return S3Client.builder().httpClient(UrlConnectionHttpClient.builder().build()).region(Region.US_EAST_1)
                .endpointOverride(s.endpoint()).forcePathStyle(true)
                .overrideConfiguration(o -> o.retryStrategy(software.amazon.awssdk.awscore.retry.AwsRetryStrategy
                        .doNotRetry()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(s.accessKey(),
                        s.secretKey())))
                .build();
    }

    @Test
    void allowedPutIsForwardedWithItsSignatureIntact() {
        sink.putObject(b -> b.bucket("lake").key("cdc/t/k.json"), RequestBody.fromString("{\"id\":1}\n"));
        assertThat(new String(server.get("lake", "cdc/t/k.json"), StandardCharsets.UTF_8)).isEqualTo("{\"id\":1}\n");
    }

    @Test
    void deniedGetIsA403AccessDeniedNamingActionAndResource() {
        sink.putObject(b -> b.bucket("lake").key("cdc/t/k.json"), RequestBody.fromString("x"));
        long before = server.deniedRequests();
        assertThatThrownBy(() -> sink.getObjectAsBytes(b -> b.bucket("lake").key("cdc/t/k.json")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(403);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(DENIED_GET);
                });
        assertThat(server.deniedRequests()).isEqualTo(before + 1);
        assertThat(server.lastDenial()).isEqualTo(DENIED_GET);
    }

    @Test
    void markersMayBeReadAndAMissingOneIsNoSuchKey() {
        sink.putObject(b -> b.bucket("lake").key("cdc/_markers/t+0.txt"), RequestBody.fromString("m"));
        assertThat(sink.getObjectAsBytes(b -> b.bucket("lake").key("cdc/_markers/t+0.txt")).asUtf8String())
                .isEqualTo("m");
        assertThatThrownBy(() -> sink.getObjectAsBytes(b -> b.bucket("lake").key("cdc/_markers/none+0.txt")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    }

    @Test
    void headOfADataObjectIsDenied() {
        sink.putObject(b -> b.bucket("lake").key("cdc/t/h.json"), RequestBody.fromString("x"));
        assertThatThrownBy(() -> sink.headObject(b -> b.bucket("lake").key("cdc/t/h.json")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
    }

    @Test
    void writesOutsideThePrefixAreDenied() {
        assertThatThrownBy(() -> sink.putObject(b -> b.bucket("lake").key("elsewhere/k"),
                RequestBody.fromBytes(new byte[300_000])))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("User: arn:aws:iam::000000000000:user/cdc-sink is not authorized to perform: "
                                + "s3:PutObject on resource: \"arn:aws:s3:::lake/elsewhere/k\" because no "
                                + "identity-based policy allows the s3:PutObject action"));
    }

    @Test
    void multipartUploadsAreCountedWhileInFlight() {
        int before = server.multipartUploadsInFlight();
        String id = sink.createMultipartUpload(b -> b.bucket("lake").key("cdc/t/big.json")).uploadId();
        assertThat(server.multipartUploadsInFlight()).isEqualTo(before + 1);
        byte[] part = new byte[5 * 1024 * 1024];
        String etag1 = sink.uploadPart(b -> b.bucket("lake").key("cdc/t/big.json").uploadId(id).partNumber(1),
                RequestBody.fromBytes(part)).eTag();
        String etag2 = sink.uploadPart(b -> b.bucket("lake").key("cdc/t/big.json").uploadId(id).partNumber(2),
                RequestBody.fromString("tail")).eTag();
        sink.completeMultipartUpload(b -> b.bucket("lake").key("cdc/t/big.json").uploadId(id).multipartUpload(m -> m
                .parts(CompletedPart.builder().partNumber(1).eTag(etag1).build(),
                        CompletedPart.builder().partNumber(2).eTag(etag2).build())));
        assertThat(server.multipartUploadsInFlight()).isEqualTo(before);
        assertThat(server.get("lake", "cdc/t/big.json")).hasSize(part.length + 4);

        String aborted = sink.createMultipartUpload(b -> b.bucket("lake").key("cdc/t/gone.json")).uploadId();
        assertThat(server.multipartUploadsInFlight()).isEqualTo(before + 1);
        sink.abortMultipartUpload(b -> b.bucket("lake").key("cdc/t/gone.json").uploadId(aborted));
        assertThat(server.multipartUploadsInFlight()).isEqualTo(before);
    }

    @Test
    void deleteObjectsIsCheckedKeyByKey() {
        sink.putObject(b -> b.bucket("lake").key("cdc/t/d1.json"), RequestBody.fromString("x"));
        server.client().putObject(b -> b.bucket("lake").key("outside.json"), RequestBody.fromString("x"));
        assertThatThrownBy(() -> sink.deleteObjects(b -> b.bucket("lake").delete(d -> d.objects(
                ObjectIdentifier.builder().key("cdc/t/d1.json").build(),
                ObjectIdentifier.builder().key("outside.json").build()))))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .contains("s3:DeleteObject on resource: \"arn:aws:s3:::lake/outside.json\""));
        assertThat(server.keys("lake", "")).contains("cdc/t/d1.json", "outside.json");

        sink.deleteObjects(b -> b.bucket("lake").delete(d -> d.objects(
                ObjectIdentifier.builder().key("cdc/t/d1.json").build())));
        assertThat(server.keys("lake", "cdc/t/d1")).isEmpty();
    }

    @Test
    void unknownCallsAreDenied() {
        assertThatThrownBy(() -> sink.getBucketPolicy(b -> b.bucket("lake")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
    }

    /** Fault tests take S3 down: the connectors' endpoint must refuse connections and come back on its port. */
    @Test
    void stopRefusesConnectionsAndRestartServesOnTheSamePort() throws Exception {
        try (S3Server own = S3Server.start(null, IamPolicy.read(S3Server.shippedPolicy()));
                S3Client client = clientOf(own)) {
            own.createBucket("lake");
            own.stop();
            assertThatThrownBy(() -> new Socket(own.endpoint().getHost(), own.endpoint().getPort()).close())
                    .isInstanceOf(ConnectException.class);
            own.restart();
            client.putObject(b -> b.bucket("lake").key("cdc/back.json"), RequestBody.fromString("x"));
            assertThat(own.keys("lake", "cdc/")).isEqualTo(List.of("cdc/back.json"));
        }
    }
}
