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

    /** Issue 16: attribute headers need the actions AWS asks for them, on PutObject and CreateMultipartUpload alike. */
    @ParameterizedTest(name = "{0} {1} with {2}")
    @CsvSource(delimiter = ';', value = {
        "PUT;  /lake/cdc/k; x-amz-tagging=a=b; s3:PutObjectTagging=arn:aws:s3:::lake/cdc/k",
        "POST; /lake/cdc/k?uploads; X-Amz-Tagging=a=b; s3:PutObjectTagging=arn:aws:s3:::lake/cdc/k",
        "PUT;  /lake/cdc/k; x-amz-acl=bucket-owner-full-control; s3:PutObjectAcl=arn:aws:s3:::lake/cdc/k",
        "PUT;  /lake/cdc/k; x-amz-grant-read=id=\"x\"; s3:PutObjectAcl=arn:aws:s3:::lake/cdc/k",
        "POST; /lake/cdc/k?uploads; x-amz-acl=private; s3:PutObjectAcl=arn:aws:s3:::lake/cdc/k",
        "PUT;  /lake/cdc/k; x-amz-server-side-encryption=aws:kms; "
            + "kms:GenerateDataKey=arn:aws:kms:us-east-1:000000000000:alias/aws/s3",
        "POST; /lake/cdc/k?uploads; x-amz-server-side-encryption=aws:kms; "
            + "kms:GenerateDataKey=arn:aws:kms:us-east-1:000000000000:alias/aws/s3,"
            + "kms:Decrypt=arn:aws:kms:us-east-1:000000000000:alias/aws/s3",
        "PUT;  /lake/cdc/k; x-amz-server-side-encryption=AES256; ",
        "PUT;  /lake/cdc/k; x-amz-storage-class=GLACIER; ",
    })
    void attributeHeadersNeedTheirOwnActions(String method, String target, String header, String extra) {
        int eq = header.indexOf('=');
        S3Action.Request request = S3Action.Request.of(method, target,
                Map.of(header.substring(0, eq), header.substring(eq + 1)));
        List<S3Action> expected = new java.util.ArrayList<>();
        expected.add(new S3Action("s3:PutObject", "arn:aws:s3:::lake/cdc/k"));
        if (extra != null) {
            for (String pair : extra.split(",")) {
                int at = pair.indexOf('=');
                expected.add(new S3Action(pair.substring(0, at), pair.substring(at + 1)));
            }
        }
        assertThat(S3Action.required(request, List.of())).containsExactlyElementsOf(expected);
    }

    @Test
    void kmsKeysAreNamedAsIamSeesThem() {
        assertThat(S3Action.kmsKeyArn("1234abcd")).isEqualTo("arn:aws:kms:us-east-1:000000000000:key/1234abcd");
        assertThat(S3Action.kmsKeyArn("alias/lake")).isEqualTo("arn:aws:kms:us-east-1:000000000000:alias/lake");
        assertThat(S3Action.kmsKeyArn("arn:aws:kms:eu-west-1:1:key/k")).isEqualTo("arn:aws:kms:eu-west-1:1:key/k");
        S3Action.Request get = S3Action.Request.of("GET", "/lake/cdc/k", Map.of());
        assertThat(S3Action.required(get, List.of(), "arn:aws:kms:eu-west-1:1:key/k")).containsExactly(
                new S3Action("s3:GetObject", "arn:aws:s3:::lake/cdc/k"),
                new S3Action("kms:Decrypt", "arn:aws:kms:eu-west-1:1:key/k"));
        S3Action.Request part = S3Action.Request.of("PUT", "/lake/cdc/k?partNumber=1&uploadId=u",
                Map.of("x-amz-tagging", "a=b"));
        assertThat(S3Action.required(part, List.of())).as("UploadPart carries no attributes")
                .containsExactly(new S3Action("s3:PutObject", "arn:aws:s3:::lake/cdc/k"));
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
