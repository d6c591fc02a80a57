package io.github.cdcbundle.testkit.iam;

import static io.github.cdcbundle.testkit.iam.IamPolicy.Decision.ALLOWED;
import static io.github.cdcbundle.testkit.iam.IamPolicy.Decision.EXPLICIT_DENY;
import static io.github.cdcbundle.testkit.iam.IamPolicy.Decision.IMPLICIT_DENY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cdcbundle.testkit.S3Server;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IamPolicyTest {
    static final IamPolicy POLICY = IamPolicy.parse("""
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": ["s3:Get*", "s3:PutObject"], "Resource": "arn:aws:s3:::lake/cdc/*"},
              {"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::lake/tmp/??.txt"},
              {"Effect": "Deny", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::lake/cdc/secret/*"},
              {"Sid": "List", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::lake"}
            ]}""");

    @ParameterizedTest(name = "{0} on {1} -> {2}")
    @CsvSource({
        "s3:GetObject,        arn:aws:s3:::lake/cdc/a/b.json,     ALLOWED",
        "s3:getobject,        arn:aws:s3:::lake/cdc/a/b.json,     ALLOWED",       // actions ignore case
        "s3:GetBucketTagging, arn:aws:s3:::lake/cdc/x,            ALLOWED",       // s3:Get*
        "s3:PutObject,        arn:aws:s3:::lake/cdc/x,            ALLOWED",
        "s3:DeleteObject,     arn:aws:s3:::lake/cdc/x,            IMPLICIT_DENY",
        "s3:PutObject,        arn:aws:s3:::lake/CDC/x,            IMPLICIT_DENY", // resources keep case
        "s3:PutObject,        arn:aws:s3:::lake/other/x,          IMPLICIT_DENY",
        "s3:PutObject,        arn:aws:s3:::lakehouse/cdc/x,       IMPLICIT_DENY",
        "s3:DeleteObject,     arn:aws:s3:::lake/tmp/ab.txt,       ALLOWED",       // s3:* and ??
        "s3:DeleteObject,     arn:aws:s3:::lake/tmp/abc.txt,      IMPLICIT_DENY",
        "s3:GetObject,        arn:aws:s3:::lake/cdc/secret/k,     EXPLICIT_DENY", // Deny wins over Allow
        "s3:PutObject,        arn:aws:s3:::lake/cdc/secret/k,     ALLOWED",
        "s3:ListBucket,       arn:aws:s3:::lake,                  ALLOWED",
        "s3:ListBucket,       arn:aws:s3:::lake/cdc,              IMPLICIT_DENY",
    })
    void decides(String action, String resource, IamPolicy.Decision expected) {
        assertThat(POLICY.decide(action, resource)).isEqualTo(expected);
    }

    @Test
    void regexCharactersInPatternsAreLiteral() {
        IamPolicy policy = IamPolicy.parse("""
                {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:PutObject",
                 "Resource": "arn:aws:s3:::lake/a.b+(c)/*"}}""");
        assertThat(policy.decide("s3:PutObject", "arn:aws:s3:::lake/a.b+(c)/k")).isEqualTo(ALLOWED);
        assertThat(policy.decide("s3:PutObject", "arn:aws:s3:::lake/aXb+(c)/k")).isEqualTo(IMPLICIT_DENY);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", "
            + "\"Resource\": \"*\", \"Condition\": {\"Bool\": {\"aws:SecureTransport\": \"true\"}}}]}"
            + "|IAM policy Statement[0] has Condition, which this test policy evaluator does not evaluate; remove it "
            + "or extend IamPolicy",
        "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"NotAction\": \"s3:GetObject\", "
            + "\"Resource\": \"*\"}]}"
            + "|IAM policy Statement[0] has NotAction, which this test policy evaluator does not evaluate; remove it "
            + "or extend IamPolicy",
        "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"allow\", \"Action\": \"s3:GetObject\", "
            + "\"Resource\": \"*\"}]}|IAM policy Statement[0]: Effect must be Allow or Deny, got 'allow'",
        "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": [], \"Resource\": \"*\"}]}"
            + "|IAM policy Statement[0] needs a Action (a string or a non-empty list)",
        "{\"Version\": \"2008-10-17\", \"Statement\": []}|IAM policy: Version must be \"2012-10-17\" (the only "
            + "version with policy variables and the one AWS documents), got \"2008-10-17\"",
        "{\"Version\": \"2012-10-17\"}|IAM policy has no Statement",
        "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", "
            + "\"Resource\": \"*\", \"Resources\": \"*\"}]}|IAM policy Statement[0] has an unknown field Resources",
    })
    void refusesWhatItDoesNotEvaluate(String json, String message) {
        assertThatThrownBy(() -> IamPolicy.parse(json)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void forBucketRewritesOnlyThePlaceholderBucket() {
        IamPolicy policy = IamPolicy.parse("""
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::my-data-lake/cdc/*"},
                  {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::my-data-lake"},
                  {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-data-lake-2/x"}]}""")
                .forBucket("lake");
        assertThat(policy.allows("s3:PutObject", "arn:aws:s3:::lake/cdc/k")).isTrue();
        assertThat(policy.allows("s3:PutObject", "arn:aws:s3:::my-data-lake/cdc/k")).isFalse();
        assertThat(policy.allows("s3:ListBucket", "arn:aws:s3:::lake")).isTrue();
        assertThat(policy.allows("s3:GetObject", "arn:aws:s3:::my-data-lake-2/x")).isTrue();
        assertThat(policy.allows("s3:GetObject", "arn:aws:s3:::lake-2/x")).isFalse();
    }

    @Test
    void withoutTakesOneActionOutOfTheAllowStatements() {
        IamPolicy policy = POLICY.without("s3:PutObject");
        assertThat(policy.decide("s3:PutObject", "arn:aws:s3:::lake/cdc/x")).isEqualTo(IMPLICIT_DENY);
        assertThat(policy.decide("s3:GetObject", "arn:aws:s3:::lake/cdc/x")).isEqualTo(ALLOWED);
        assertThatThrownBy(() -> POLICY.without("s3:DeleteBucket")).hasMessage("No Allow statement names s3:DeleteBucket");
    }

    /** The shipped file parses, and grants the sink's calls on its own prefix and nothing on data reads. */
    @Test
    void shippedPolicyGrantsExactlyWhatTheSinkNeeds() {
        IamPolicy shipped = IamPolicy.read(S3Server.shippedPolicy()).forBucket("lake");
        for (String action : List.of("s3:PutObject", "s3:AbortMultipartUpload", "s3:DeleteObject")) {
            assertThat(shipped.decide(action, "arn:aws:s3:::lake/cdc/shop.public.t/year=2026/x.json")).as(action)
                    .isEqualTo(ALLOWED);
        }
        assertThat(shipped.decide("s3:GetObject", "arn:aws:s3:::lake/cdc/_markers/shop.public.t+0.txt"))
                .isEqualTo(ALLOWED);
        assertThat(shipped.decide("s3:GetObject", "arn:aws:s3:::lake/cdc/shop.public.t/x.json"))
                .isEqualTo(IMPLICIT_DENY);
        assertThat(shipped.decide("s3:ListBucket", "arn:aws:s3:::lake")).isEqualTo(ALLOWED);
        assertThat(shipped.decide("s3:PutObject", "arn:aws:s3:::lake/elsewhere/x")).isEqualTo(IMPLICIT_DENY);
        assertThat(shipped.decide("s3:DeleteBucket", "arn:aws:s3:::lake")).isEqualTo(IMPLICIT_DENY);
    }
}
