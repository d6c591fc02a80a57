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

    @Test
    void sinkReadmeAndEksValuesPointToTheFile() throws IOException {
        assertThat(Files.readString(root.resolve("s3-sink/README.md"))).contains("docs/iam-policy.json");
        assertThat(Files.readString(root.resolve("helm/values-eks.yaml"))).contains("docs/iam-policy.json");
    }
}
