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
                }
            }
            case "POST" -> {
                if ((r.has("uploads") || r.has("uploadId")) && r.onlyParameters(Set.of("uploads", "uploadId", "x-id"))) {
                    out.add(new S3Action("s3:PutObject", object));
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
