package io.github.cdcbundle.s3sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

class RetryingObjectStoreTest {
    final List<Long> sleeps = new ArrayList<>();
    final AtomicInteger calls = new AtomicInteger();

    RetryingObjectStore failing(RuntimeException... failures) {
        return failing(false, failures);
    }

    /** Fails with the given errors in turn, then succeeds (or, with {@code forever}, repeats the last error). */
    RetryingObjectStore failing(boolean forever, RuntimeException... failures) {
        ObjectStore store = new S3SinkTaskTest.ForwardingStore(null) {
            @Override
            public String startMultipart(String key, ObjectAttributes attributes) {
                int call = calls.getAndIncrement();
                if (call < failures.length || forever) {
                    throw failures[Math.min(call, failures.length - 1)];
                }
                return "upload-id";
            }
        };
        return new RetryingObjectStore(store, 4, 100, 250, sleeps::add);
    }

    static S3Exception s3(int status, String code) {
        return (S3Exception) S3Exception.builder().statusCode(status)
            .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build()).build();
    }

    @Test
    void transientErrorsAreRetriedWithBackoffAndStaleConnectionsAtOnce() {
        RuntimeException stale = SdkClientException.create("Error writing request body to server");
        RetryingObjectStore store = failing(stale, stale, s3(503, "SlowDown"), stale, s3(500, "InternalError"));
        assertThat(store.startMultipart("k", ObjectAttributes.of("t"))).isEqualTo("upload-id");
        assertThat(calls.get()).isEqualTo(6);
        assertThat(sleeps).containsExactly(100L, 200L);
    }

    @Test
    void anOutageBecomesRetriableAfterTheAttempts() {
        RetryingObjectStore store = failing(true, SdkClientException.create("Connection refused"));
        assertThatThrownBy(() -> store.startMultipart("topics/t/k.json", ObjectAttributes.of("t")))
            .isInstanceOf(RetriableException.class)
            .hasMessage("S3 CreateMultipartUpload of topics/t/k.json still failing after 4 attempts "
                + "(SdkClientException: Connection refused); Connect will retry");
        // Five immediate retries (stale pooled connections), then four attempts with backoff between them.
        assertThat(calls.get()).isEqualTo(RetryingObjectStore.STALE_CONNECTION_RETRIES + 4);
        assertThat(sleeps).containsExactly(100L, 200L, 250L);
    }

    @Test
    void permanentErrorsFailAtOnceNamingOperationAndKey() {
        RetryingObjectStore store = failing(s3(403, "AccessDenied"));
        assertThatThrownBy(() -> store.startMultipart("topics/t/k.json", ObjectAttributes.of("t")))
            .isExactlyInstanceOf(ConnectException.class)
            .hasMessage("S3 CreateMultipartUpload of topics/t/k.json failed: HTTP 403 AccessDenied");
        assertThat(calls.get()).isEqualTo(1);
        assertThat(sleeps).isEmpty();
    }

    /** Guards issue 13: an operator fixing the IAM policy needs AWS's message, which names action and resource. */
    @Test
    void accessDeniedCarriesAwsMessageNamingTheActionAndResource() {
        String aws = "User: arn:aws:iam::000000000000:user/cdc-sink is not authorized to perform: s3:PutObject on "
            + "resource: \"arn:aws:s3:::lake/cdc/t/k.json\" because no identity-based policy allows the "
            + "s3:PutObject action";
        RetryingObjectStore store = failing((S3Exception) S3Exception.builder().statusCode(403)
            .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied").errorMessage(aws).build()).build());
        assertThatThrownBy(() -> store.startMultipart("cdc/t/k.json", ObjectAttributes.of("t")))
            .isExactlyInstanceOf(ConnectException.class)
            .hasMessage("S3 CreateMultipartUpload of cdc/t/k.json failed: HTTP 403 AccessDenied (" + aws + ")");
        assertThat(calls.get()).isEqualTo(1);
    }
}
