package io.github.cdcbundle.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdcbundle.testkit.S3Server;
import io.github.cdcbundle.testkit.iam.IamPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/iam-policy.json is the one copy of the sink's IAM policy (the one the e2e tests enforce); the docs that tell a
 * user what to grant must point to it rather than carry a copy that can drift from what is tested.
 */
class IamPolicyDocsTest {
    private final Path file = S3Server.shippedPolicy();
    private final Path root = file.getParent().getParent();

    @Test
    void thePolicyFileParsesAndBindsToABucket() {
        IamPolicy policy = IamPolicy.read(file);
        assertThat(policy.forBucket("lake").allows("s3:PutObject", "arn:aws:s3:::lake/cdc/t/k.json")).isTrue();
    }

    @Test
    void rdsSetupStepFivePointsToTheFileAndHoldsNoInlineCopy() throws IOException {
        String setup = Files.readString(root.resolve("docs/rds-setup.md"));
        String step5 = setup.substring(setup.indexOf("5. **S3 access (IAM)**"), setup.indexOf("6. **Network**"));
        assertThat(step5).contains("docs/iam-policy.json").doesNotContain("\"Statement\"");
    }

    /** Issue 16: the statements the sink's object options need are one file too, linked where the policy is explained. */
    @Test
    void theOptionalStatementsParseAndAreLinkedFromStepFiveAndTheSinkReadme() throws IOException {
        IamPolicy options = IamPolicy.read(S3Server.shippedOptionalStatements()).forBucket("lake");
        assertThat(options.allows("s3:PutObjectTagging", "arn:aws:s3:::lake/cdc/t/k.json")).isTrue();
        assertThat(options.allows("s3:PutObjectAcl", "arn:aws:s3:::lake/cdc/_markers/t+0.txt")).isTrue();
        assertThat(options.allows("s3:PutObject", "arn:aws:s3:::lake/cdc/t/k.json")).as("only the extras").isFalse();
        String setup = Files.readString(root.resolve("docs/rds-setup.md"));
        String step5 = setup.substring(setup.indexOf("5. **S3 access (IAM)**"), setup.indexOf("6. **Network**"));
        assertThat(step5).contains("iam-policy-options.json", "s3.object.tags", "s3.acl.canned", "s3.ssea.name")
                .doesNotContain("\"Statement\"");
        assertThat(Files.readString(root.resolve("s3-sink/README.md"))).contains("docs/iam-policy-options.json");
    }

    @Test
    void sinkReadmeAndEksValuesPointToTheFile() throws IOException {
        assertThat(Files.readString(root.resolve("s3-sink/README.md"))).contains("docs/iam-policy.json");
        assertThat(Files.readString(root.resolve("helm/values-eks.yaml"))).contains("docs/iam-policy.json");
    }
}
