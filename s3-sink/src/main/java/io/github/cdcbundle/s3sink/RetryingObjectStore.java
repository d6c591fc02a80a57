package io.github.cdcbundle.s3sink;

import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Retries transient S3 failures (5xx, throttling, timeouts, network errors) with exponential backoff. When the
 * attempts run out the call throws {@link RetriableException}: the task keeps its state, Connect re-delivers the
 * same records after {@code retry.backoff.ms}, and the task skips what it already holds. Other S3 errors (access
 * denied, no such bucket) throw {@link ConnectException} and fail the task.
 */
final class RetryingObjectStore implements ObjectStore {
    private static final Logger log = LoggerFactory.getLogger(RetryingObjectStore.class);

    /** Waits between attempts; a seam so tests need not wait. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    /** JDK's default http.maxConnections: how many stale pooled connections one call may run into. */
    static final int STALE_CONNECTION_RETRIES = 5;

    private final ObjectStore delegate;
    private final int maxAttempts;
    private final long backoffMs;
    private final long maxBackoffMs;
    private final Sleeper sleeper;

    RetryingObjectStore(ObjectStore delegate, int maxAttempts, long backoffMs, long maxBackoffMs, Sleeper sleeper) {
        this.delegate = delegate;
        this.maxAttempts = maxAttempts;
        this.backoffMs = backoffMs;
        this.maxBackoffMs = maxBackoffMs;
        this.sleeper = sleeper;
    }

    @Override
    public void put(String key, byte[] data, int length, ObjectAttributes attributes) {
        call("PutObject", key, () -> {
            delegate.put(key, data, length, attributes);
            return null;
        });
    }

    @Override
    public String startMultipart(String key, ObjectAttributes attributes) {
        return call("CreateMultipartUpload", key, () -> delegate.startMultipart(key, attributes));
    }

    @Override
    public String uploadPart(String key, String uploadId, int partNumber, byte[] data, int length) {
        return call("UploadPart", key, () -> delegate.uploadPart(key, uploadId, partNumber, data, length));
    }

    @Override
    public void completeMultipart(String key, String uploadId, List<String> etags) {
        call("CompleteMultipartUpload", key, () -> {
            delegate.completeMultipart(key, uploadId, etags);
            return null;
        });
    }

    @Override
    public void abortMultipart(String key, String uploadId) {
        call("AbortMultipartUpload", key, () -> {
            delegate.abortMultipart(key, uploadId);
            return null;
        });
    }

    @Override
    public Optional<byte[]> get(String key) {
        return call("GetObject", key, () -> delegate.get(key));
    }

    @Override
    public void delete(Collection<String> keys) {
        call("DeleteObjects", keys.size() + " keys", () -> {
            delegate.delete(keys);
            return null;
        });
    }

    @Override
    public void close() {
        delegate.close();
    }

    private <T> T call(String operation, String key, Supplier<T> action) {
        long wait = backoffMs;
        int staleRetries = STALE_CONNECTION_RETRIES;
        for (int attempt = 1; ; attempt++) {
            RuntimeException failure;
            String description;
            boolean networkError;
            try {
                return action.get();
            } catch (UncheckedIOException e) {
                // The URL-connection client lets some socket errors through untranslated: a network error.
                failure = e;
                description = String.valueOf(e.getCause());
                networkError = true;
            } catch (SdkException e) {
                if (!isTransient(e)) {
                    throw new ConnectException("S3 " + operation + " of " + key + " failed: " + describe(e), e);
                }
                failure = e;
                description = describe(e);
                networkError = e instanceof SdkClientException;
            }
            // A network error is most often a pooled keep-alive connection the server closed while idle
            // (HttpURLConnection has no stale check, and its cache holds up to http.maxConnections=5 per host):
            // those are retried at once and not counted as attempts.
            if (networkError && staleRetries > 0) {
                staleRetries--;
                attempt--;
                continue;
            }
            if (attempt >= maxAttempts) {
                throw new RetriableException("S3 " + operation + " of " + key + " still failing after " + attempt
                    + " attempts (" + description + "); Connect will retry", failure);
            }
            log.debug("S3 {} of {} failed (attempt {} of {}), retrying in {} ms: {}", operation, key, attempt,
                maxAttempts, wait, description);
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RetriableException("Interrupted while waiting to retry S3 " + operation, e);
            }
            wait = Math.min(maxBackoffMs, Math.max(1, wait * 2));
        }
    }

    static boolean isTransient(SdkException e) {
        if (e instanceof SdkClientException) {
            return true;
        }
        if (e instanceof AwsServiceException) {
            AwsServiceException service = (AwsServiceException) e;
            int status = service.statusCode();
            return status >= 500 || status == 429 || status == 408 || service.isThrottlingException();
        }
        return e.retryable();
    }

    private static String describe(SdkException e) {
        if (e instanceof AwsServiceException) {
            AwsServiceException service = (AwsServiceException) e;
            String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
            // AWS's own message says which IAM action on which resource was refused (for AccessDenied), which is
            // what an operator needs to fix the policy; it holds no secrets (the request's credentials are not in it).
            String message = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorMessage();
            return "HTTP " + service.statusCode() + (code == null ? "" : " " + code)
                + (message == null || message.isBlank() ? "" : " (" + message + ")");
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
