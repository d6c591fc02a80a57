package io.github.cdcbundle.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * k8s/cdc.yaml is the chart rendered with its default values (the Secret comes from kustomize's secretGenerator, so
 * the chart is told to use it rather than create an empty one); `helm test` pods are left out. Fails on drift;
 * {@code mvn -pl deploy-tests verify -Dk8s.update=true} rewrites the file.
 */
class ManifestsDriftTest {

    static final Path MANIFEST = Chart.REPO.resolve("k8s/cdc.yaml");
    static final Map<String, Object> SETS = Map.of("secret.existingSecret", "cdc-credentials");

    static final String HEADER = """
        # Generated from the Helm chart in ../helm with its default values and secret.existingSecret=cdc-credentials
        # (kustomization.yaml makes that Secret from .env). Do not edit: change the chart and run
        #   mvn -B -pl deploy-tests verify -Dk8s.update=true
        # Prefer `helm install cdc ./helm`: the connector-registration Job below runs once per `kubectl apply` of a
        # new Job only, and `helm test` is not available here.
        """;

    static String expected() {
        String rendered = Chart.template(List.of(), SETS);
        return HEADER + Chart.documents(rendered).stream()
                .filter(document -> !document.contains("helm.sh/hook: test"))
                .map(document -> "---\n" + document.strip() + "\n")
                .collect(Collectors.joining());
    }

    @Test
    void plainManifestsMatchTheChart() throws IOException {
        String expected = expected();
        if (Boolean.getBoolean("k8s.update")) {
            Files.writeString(MANIFEST, expected);
        }

        assertThat(Files.exists(MANIFEST)).as("k8s/cdc.yaml missing: run with -Dk8s.update=true").isTrue();
        assertThat(Files.readString(MANIFEST))
                .as("k8s/cdc.yaml drifted from the chart: run mvn -B -pl deploy-tests verify -Dk8s.update=true")
                .isEqualTo(expected);
    }

    /** Issue 14: k8s/ served only namespace cdc (bootstrap servers, Connect's URL, the RoleBinding named it). */
    @Test
    void theRenderedManifestsNameNoNamespaceSoK8sServesAny() {
        String here = Chart.template("cdc", "cdc-project", List.of(), SETS);
        String elsewhere = Chart.template("cdc", "another-team", List.of(), SETS);

        assertThat(elsewhere).isEqualTo(here).doesNotContain("another-team");
    }

    @Test
    void plainManifestsParseStrictlyAndHaveNoTestPods() {
        // The rendered text, which plainManifestsMatchTheChart holds equal to k8s/cdc.yaml.
        List<HasMetadata> objects = Chart.parseStrictly(expected());

        assertThat(Chart.names(objects)).contains("StatefulSet/redpanda", "Deployment/kafka-connect",
                "Job/cdc-register-connectors", "Role/kafka-connect-secret-reader").doesNotContain("Secret/cdc-credentials",
                "Pod/cdc-test-connectors");
    }

    @Test
    void kustomizationListsTheManifestAndMakesTheSecretFromDotEnv() throws IOException {
        String kustomization = Files.readString(Chart.REPO.resolve("k8s/kustomization.yaml"));

        assertThat(kustomization).contains("- cdc.yaml", "name: cdc-credentials", "- .env", "namespace: cdc-project",
                "disableNameSuffixHash: true");
    }
}
