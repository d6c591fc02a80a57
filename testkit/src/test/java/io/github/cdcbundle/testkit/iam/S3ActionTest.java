package io.github.cdcbundle.testkit.iam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class S3ActionTest {
    @ParameterizedTest(name = "{0} {1} -> {2} {3}")
    @CsvSource({
        // objects
        "PUT,    /lake/cdc/t/k.json,                          s3:PutObject,                 arn:aws:s3:::lake/cdc/t/k.json",
        "PUT,    /lake/cdc/t/k.json?x-id=PutObject,           s3:PutObject,                 arn:aws:s3:::lake/cdc/t/k.json",
        "POST,   /lake/cdc/k?uploads,                         s3:PutObject,                 arn:aws:s3:::lake/cdc/k",
        "PUT,    /lake/cdc/k?partNumber=2&uploadId=u1,        s3:PutObject,                 arn:aws:s3:::lake/cdc/k",
        "POST,   /lake/cdc/k?uploadId=u1,                     s3:PutObject,                 arn:aws:s3:::lake/cdc/k",
        "DELETE, /lake/cdc/k?uploadId=u1,                     s3:AbortMultipartUpload,      arn:aws:s3:::lake/cdc/k",
        "GET,    /lake/cdc/k?uploadId=u1,                     s3:ListMultipartUploadParts,  arn:aws:s3:::lake/cdc/k",
        "GET,    /lake/cdc/_markers/shop.t%2B0.txt,           s3:GetObject,                 arn:aws:s3:::lake/cdc/_markers/shop.t+0.txt",
        "GET,    /lake/cdc/_markers/shop.t+0.txt,             s3:GetObject,                 arn:aws:s3:::lake/cdc/_markers/shop.t+0.txt",
        "GET,    /lake/cdc/k?partNumber=1,                    s3:GetObject,                 arn:aws:s3:::lake/cdc/k",
        "HEAD,   /lake/cdc/k,                                 s3:GetObject,                 arn:aws:s3:::lake/cdc/k",
        "DELETE, /lake/cdc/k,                                 s3:DeleteObject,              arn:aws:s3:::lake/cdc/k",
        "GET,    /lake/a%20b/c%3Dd,                           s3:GetObject,                 arn:aws:s3:::lake/a b/c=d",
        // buckets
        "GET,    /lake?list-type=2&prefix=cdc%2F&max-keys=1,  s3:ListBucket,                arn:aws:s3:::lake",
        "GET,    /lake/,                                      s3:ListBucket,                arn:aws:s3:::lake",
        "GET,    /lake,                                       s3:ListBucket,                arn:aws:s3:::lake",
        "HEAD,   /lake,                                       s3:ListBucket,                arn:aws:s3:::lake",
        "GET,    /lake?uploads,                               s3:ListBucketMultipartUploads, arn:aws:s3:::lake",
        "GET,    /lake?location,                              s3:GetBucketLocation,         arn:aws:s3:::lake",
        "PUT,    /lake,                                       s3:CreateBucket,              arn:aws:s3:::lake",
        "GET,    /,                                           s3:ListAllMyBuckets,          arn:aws:s3:::*",
    })
    void mapsOneAction(String method, String target, String action, String resource) {
        S3Action.Request request = S3Action.Request.of(method, target, Map.of());
        assertThat(S3Action.required(request, List.of())).containsExactly(new S3Action(action, resource));
    }

    @ParameterizedTest(name = "{0} {1} with copy source {2}")
    @CsvSource({
        "PUT, /lake/cdc/new,                   /lake/cdc/old%2Bx,               arn:aws:s3:::lake/cdc/new",
        "PUT, /lake/cdc/new,                   other/k?versionId=3,             arn:aws:s3:::lake/cdc/new",
        "PUT, /lake/cdc/new?partNumber=1&uploadId=u, /lake/cdc/old%2Bx,         arn:aws:s3:::lake/cdc/new",
    })
    void copiesNeedPutOnTheTargetAndGetOnTheSource(String method, String target, String source, String put) {
        S3Action.Request request = S3Action.Request.of(method, target, Map.of("X-Amz-Copy-Source", source));
        String get = source.startsWith("/") ? "arn:aws:s3:::lake/cdc/old+x" : "arn:aws:s3:::other/k";
        assertThat(S3Action.required(request, List.of()))
                .containsExactly(new S3Action("s3:PutObject", put), new S3Action("s3:GetObject", get));
    }

    @Test
    void deleteObjectsNeedsDeleteObjectOnEachKeyOfItsBody() {
        S3Action.Request request = S3Action.Request.of("POST", "/lake?delete", Map.of());
        assertThat(request.needsBody()).isTrue();
        List<String> keys = DeleteObjectsKeys.parse(("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Delete xmlns="
                + "\"http://s3.amazonaws.com/doc/2006-03-01/\"><Object><Key>cdc/a&amp;b.json</Key></Object><Object>"
                + "<Key>cdc/c.json</Key></Object><Quiet>true</Quiet></Delete>").getBytes());
        assertThat(S3Action.required(request, keys)).containsExactly(
                new S3Action("s3:DeleteObject", "arn:aws:s3:::lake/cdc/a&b.json"),
                new S3Action("s3:DeleteObject", "arn:aws:s3:::lake/cdc/c.json"));
    }

    /** A call we cannot map must not slip through as some other action. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "PUT,    /lake/cdc/k?tagging",
        "GET,    /lake/cdc/k?acl",
        "GET,    /lake?policy",
        "DELETE, /lake/cdc/k?versionId=1&tagging",
        "POST,   /lake/cdc/k?restore",
        "PATCH,  /lake/cdc/k",
        "DELETE, /lake",
        "POST,   /lake",
    })
    void unknownCallsNeedAnUnmappedActionAndAreDenied(String method, String target) {
        assertThat(S3Action.required(S3Action.Request.of(method, target, Map.of()), List.of())).isEmpty();
    }
}
