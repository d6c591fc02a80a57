package io.github.cdcbundle.testkit.iam;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The IAM action and resource one S3 REST call (path-style) needs, as AWS documents them ("Actions, resources and
 * condition keys for Amazon S3" and each operation's "Permissions" section). Multipart steps and copies need
 * s3:PutObject on the target, a copy also s3:GetObject on its source, HEAD is authorised as GET, and DeleteObjects
 * needs s3:DeleteObject on each key. A call this class does not know maps to nothing and is denied: a strict stack
 * must not let an unexpected call through.
 *
 * <p>Headers that ask for more than the write need more, as on AWS: {@code x-amz-tagging} on PutObject or
 * CreateMultipartUpload needs s3:PutObjectTagging, a canned ACL or grant header s3:PutObjectAcl, and SSE-KMS
 * ({@code x-amz-server-side-encryption: aws:kms}) kms:GenerateDataKey on the key (a multipart upload also kms:Decrypt,
 * and so does reading an object written with it). Where it differs from AWS: the AWS managed key aws/s3 (SSE-KMS
 * without a key id) is treated like any key the policy must name, whereas its key policy lets every principal of the
 * account use it through S3; and an alias is authorised as the alias, where AWS checks the key it points to.
 */
public record S3Action(String action, String resource) {
    /** Query parameters that do not change which object operation a request is. */
    private static final Set<String> NEUTRAL = Set.of("x-id", "versionId", "response-content-type",
            "response-content-language", "response-expires", "response-cache-control", "response-content-disposition",
            "response-content-encoding", "partNumber");
    private static final Set<String> LIST_PARAMETERS = Set.of("x-id", "list-type", "prefix", "delimiter", "marker",
            "max-keys", "continuation-token", "start-after", "fetch-owner", "encoding-type");

    /** A parsed request line: method, the bucket and key of a path-style path, and the query parameters. */
    public record Request(String method, String bucket, String key, Map<String, String> query,
            Map<String, String> headers) {
        /** {@code target} is the request-target as sent ({@code /bucket/key?query}); header names any case. */
        public static Request of(String method, String target, Map<String, String> headers) {
            int q = target.indexOf('?');
            String path = q < 0 ? target : target.substring(0, q);
            Map<String, String> query = new LinkedHashMap<>();
            if (q >= 0) {
                for (String pair : target.substring(q + 1).split("&")) {
                    if (pair.isEmpty()) {
                        continue;
                    }
                    int eq = pair.indexOf('=');
                    query.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
                }
            }
            String trimmed = path.startsWith("/") ? path.substring(1) : path;
            int slash = trimmed.indexOf('/');
            String bucket = decode(slash < 0 ? trimmed : trimmed.substring(0, slash));
            String key = slash < 0 || slash == trimmed.length() - 1 ? null : decode(trimmed.substring(slash + 1));
            Map<String, String> lower = new LinkedHashMap<>();
            headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
            return new Request(method.toUpperCase(Locale.ROOT), bucket, key, query, lower);
        }

        /** DeleteObjects names its keys in the body: the caller must buffer it to decide. */
        public boolean needsBody() {
            return method.equals("POST") && key == null && query.containsKey("delete");
        }

        boolean has(String parameter) {
            return query.containsKey(parameter);
        }

        boolean onlyParameters(Set<String> allowed) {
            return allowed.containsAll(query.keySet());
        }
    }

    private static String decode(String s) {
        // Paths are percent-encoded; '+' is a literal plus in an S3 path (our keys hold "topic+partition").
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The region and account of the test stack's KMS keys (the account of {@link AccessDenied#PRINCIPAL}). */
    public static final String KMS_REGION = "us-east-1";
    public static final String ACCOUNT = "000000000000";

    /** The ARN IAM authorises for an {@code x-amz-server-side-encryption-aws-kms-key-id} (null: aws/s3). */
    public static String kmsKeyArn(String keyId) {
        String prefix = "arn:aws:kms:" + KMS_REGION + ":" + ACCOUNT + ":";
        if (keyId == null || keyId.isBlank()) {
            return prefix + "alias/aws/s3";
        }
        if (keyId.startsWith("arn:")) {
            return keyId;
        }
        return prefix + (keyId.startsWith("alias/") ? keyId : "key/" + keyId);
    }

    /** The KMS key ARN an object write asks to be encrypted under, or null when it does not ask for SSE-KMS. */
    public static String kmsKeyOfWrite(Request r) {
        String sse = r.headers().get("x-amz-server-side-encryption");
        if (sse == null || !sse.trim().startsWith("aws:kms")) {
            return null;
        }
        return kmsKeyArn(r.headers().get("x-amz-server-side-encryption-aws-kms-key-id"));
    }

    public static String bucketArn(String bucket) {
        return "arn:aws:s3:::" + bucket;
    }

    public static String objectArn(String bucket, String key) {
        return "arn:aws:s3:::" + bucket + "/" + key;
    }

    /**
     * What the request needs, every entry of which must be allowed; empty when the call is unknown (deny it).
     * {@code deleteKeys} are the keys of a DeleteObjects body (see {@link Request#needsBody()}), else ignored.
     */
    public static List<S3Action> required(Request r, List<String> deleteKeys) {
        return required(r, deleteKeys, null);
    }

    /**
     * Like {@link #required(Request, List)}; {@code storedKmsKey} is the KMS key ARN the addressed object was written
     * under (reading it then needs kms:Decrypt), or null.
     */
    public static List<S3Action> required(Request r, List<String> deleteKeys, String storedKmsKey) {
        List<S3Action> out = new ArrayList<>();
        if (r.bucket().isEmpty()) {
            if (r.method().equals("GET") && r.query().isEmpty()) {
                out.add(new S3Action("s3:ListAllMyBuckets", "arn:aws:s3:::*"));
            }
            return out;
        }
        String bucket = bucketArn(r.bucket());
        if (r.key() == null) {
            switch (r.method()) {
                case "GET" -> {
                    if (r.has("location") && r.query().size() == 1) {
                        out.add(new S3Action("s3:GetBucketLocation", bucket));
                    } else if (r.has("uploads")) {
                        out.add(new S3Action("s3:ListBucketMultipartUploads", bucket));
                    } else if (r.onlyParameters(LIST_PARAMETERS)) {
                        out.add(new S3Action("s3:ListBucket", bucket));
                    }
                }
                case "HEAD" -> out.add(new S3Action("s3:ListBucket", bucket));
                case "PUT" -> {
                    if (r.query().isEmpty()) {
                        out.add(new S3Action("s3:CreateBucket", bucket));
                    }
                }
                case "POST" -> {
                    if (r.needsBody()) {
                        for (String key : deleteKeys) {
                            out.add(new S3Action("s3:DeleteObject", objectArn(r.bucket(), key)));
                        }
                    }
                }
                default -> { }
            }
            return out;
        }
        String object = objectArn(r.bucket(), r.key());
        switch (r.method()) {
            case "GET", "HEAD" -> {
                if (r.method().equals("GET") && r.has("uploadId")) {
                    out.add(new S3Action("s3:ListMultipartUploadParts", object));
                } else if (r.onlyParameters(NEUTRAL)) {
                    out.add(new S3Action("s3:GetObject", object));
                    if (storedKmsKey != null) {
                        out.add(new S3Action("kms:Decrypt", storedKmsKey));
                    }
                }
            }
            case "PUT" -> {
                boolean part = r.has("uploadId") && r.has("partNumber");
                if (part ? r.onlyParameters(Set.of("uploadId", "partNumber", "x-id"))
                        : r.onlyParameters(Set.of("x-id"))) {
                    out.add(new S3Action("s3:PutObject", object));
                    String source = r.headers().get("x-amz-copy-source");
                    if (source != null) {
                        out.add(new S3Action("s3:GetObject", copySource(source)));
                    }
                    if (!part) {
                        objectAttributes(r, object, false, out);
                    }
                }
            }
            case "POST" -> {
                if ((r.has("uploads") || r.has("uploadId")) && r.onlyParameters(Set.of("uploads", "uploadId", "x-id"))) {
                    out.add(new S3Action("s3:PutObject", object));
                    if (r.has("uploads")) {
                        objectAttributes(r, object, true, out);
                    }
                }
            }
            case "DELETE" -> {
                if (r.has("uploadId")) {
                    out.add(new S3Action("s3:AbortMultipartUpload", object));
                } else if (r.onlyParameters(Set.of("x-id"))) {
                    out.add(new S3Action("s3:DeleteObject", object));
                }
            }
            default -> { }
        }
        return out;
    }

    /** What the attribute headers of a PutObject or CreateMultipartUpload need on top of s3:PutObject. */
    private static void objectAttributes(Request r, String object, boolean multipart, List<S3Action> out) {
        if (r.headers().containsKey("x-amz-tagging")) {
            out.add(new S3Action("s3:PutObjectTagging", object));
        }
        if (r.headers().containsKey("x-amz-acl")
                || r.headers().keySet().stream().anyMatch(h -> h.startsWith("x-amz-grant-"))) {
            out.add(new S3Action("s3:PutObjectAcl", object));
        }
        String kmsKey = kmsKeyOfWrite(r);
        if (kmsKey != null) {
            out.add(new S3Action("kms:GenerateDataKey", kmsKey));
            if (multipart) {
                // AWS: the parts are encrypted under the data key, which S3 decrypts for each part and to complete.
                out.add(new S3Action("kms:Decrypt", kmsKey));
            }
        }
    }

    /** {@code x-amz-copy-source}: {@code [/]bucket/key[?versionId=…]}, URL-encoded. */
    static String copySource(String header) {
        String source = header.startsWith("/") ? header.substring(1) : header;
        int q = source.indexOf('?');
        if (q >= 0) {
            source = source.substring(0, q);
        }
        source = URLDecoder.decode(source.replace("+", "%2B"), StandardCharsets.UTF_8);
        int slash = source.indexOf('/');
        return slash < 0 ? bucketArn(source) : objectArn(source.substring(0, slash), source.substring(slash + 1));
    }
}
