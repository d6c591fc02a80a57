package io.github.cdcbundle.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** scripts/run.sh, verify-deployment.sh and status.sh against fake kubectl, helm and curl that record calls. */
class ScriptsTest {

    @TempDir Path dir;
    FakeCluster cluster;

    @BeforeEach
    void fakes() {
        cluster = new FakeCluster(dir);
    }

    @Test
    void dryRunValidatesAndRendersWithoutTouchingACluster() {
        FakeCluster.Result result = cluster.run("run.sh", "--dry-run", "--env-file", cluster.envFile.toString());

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("==> .env: 17 keys valid", "kind: Deployment");
        // `kubectl config current-context` reads the local kubeconfig only (Docker Desktop's values are chosen by it).
        assertThat(cluster.calls()).filteredOn(c -> !c.equals("kubectl config current-context"))
                .containsExactly("helm template cdc " + Chart.DIR
                + " --namespace cdc-project --set secret.existingSecret=cdc-credentials");
        assertNoSecretIn(result.output());
    }

    @Test
    void installCreatesNamespaceAndSecretThenUpgradesWaitsAndVerifies() {
        FakeCluster.Result result = cluster.run("run.sh", "--env-file", cluster.envFile.toString(),
                "--values", "helm/values-docker-desktop.yaml");

        assertThat(result.exitCode()).as(result.output()).isZero();
        List<String> calls = cluster.calls();
        assertThat(calls).containsSubsequence(
                "kubectl version --request-timeout=10s",
                "kubectl create namespace cdc-project --dry-run=client -o yaml",
                "helm upgrade --install cdc " + Chart.DIR + " --namespace cdc-project --set secret.existingSecret=cdc-credentials"
                        + " --values helm/values-docker-desktop.yaml --wait --timeout 15m",
                "kubectl rollout status statefulset/redpanda --namespace cdc-project --timeout=10m",
                "kubectl rollout status deployment/kafka-connect --namespace cdc-project --timeout=10m",
                "curl -fsS --max-time 10 http://localhost:8083/connectors/debezium-postgres/status",
                "curl -fsS --max-time 10 http://localhost:8083/connectors/s3-sink/status");
        assertThat(calls).anyMatch(c -> c.matches("kubectl create secret generic cdc-credentials --namespace cdc-project"
                + " --from-file=.*/cdc-secret\\.[A-Za-z0-9]+ --dry-run=client -o yaml"));
        // Both sides of each `create --dry-run=client | apply` pipeline run at once, so only the count is fixed.
        assertThat(calls).filteredOn("kubectl apply -f -"::equals).hasSize(2);
        assertThat(calls).anyMatch(c -> c.startsWith("kubectl port-forward svc/kafka-connect 8083:8083"));
        assertThat(result.output()).contains("ok:   connector s3-sink and its tasks RUNNING", "deployment healthy",
                "s3-sink: RUNNING; task 0 RUNNING;");
        assertNoSecretIn(result.output());
    }

    /**
     * Issue 14: the seed README's .env, verbatim, deploys; its NAMESPACE, REDPANDA_REPLICAS and MAC_LOCAL_IP reach helm
     * (its two connector versions: see theSeedsConnectorVersionsAreOneLineEach).
     */
    @Test
    void theSeedEnvPassesAndSetsNamespaceBrokersAndExternalAddress() {
        cluster.env(FakeCluster.seedEnv());

        FakeCluster.Result result = cluster.run("run.sh", "--dry-run", "--env-file", cluster.envFile.toString());

        assertThat(result.exitCode()).as(result.output()).isZero();
        // `kubectl config current-context` reads the local kubeconfig only (Docker Desktop's values are chosen by it).
        assertThat(cluster.calls()).filteredOn(c -> !c.equals("kubectl config current-context"))
                .containsExactly("helm template cdc " + Chart.DIR
                + " --namespace cdc-project --set secret.existingSecret=cdc-credentials --set redpanda.replicas=3"
                + " --set redpanda.external.enabled=true --set-string redpanda.external.advertisedHost=192.168.1.100");
        assertThat(result.output()).doesNotContain("your_password");
    }

    /**
     * Issue 14: DEBEZIUM_CONNECTOR_VERSION / S3_SINK_CONNECTOR_VERSION name the versions the seed's author ran; the
     * seed's (Debezium 2.3.0.Final, Confluent's sink 10.7.0) are not in the image. A seed .env copied word for word must
     * deploy, so each mismatch is one line naming the version asked for and the one that runs, and the deploy goes on.
     */
    @Test
    void theSeedsConnectorVersionsAreOneLineEach() throws IOException {
        Files.copy(FakeCluster.SEED_ENV, cluster.envFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        for (String mode : List.of("--dry-run", "--no-port-forward")) {
            FakeCluster.Result result = cluster.run("run.sh", mode, "--env-file", cluster.envFile.toString());

            assertThat(result.exitCode()).as(result.output()).isZero();
            assertThat(result.output().lines().filter(l -> l.contains("CONNECTOR_VERSION"))).containsExactly(
                    ".env: DEBEZIUM_CONNECTOR_VERSION is 2.3.0.Final but the image bakes Debezium " + FakeCluster.BAKED_DEBEZIUM
                            + ": " + FakeCluster.BAKED_DEBEZIUM + " runs (set the line to " + FakeCluster.BAKED_DEBEZIUM
                            + " to silence this)",
                    ".env: S3_SINK_CONNECTOR_VERSION is 10.7.0 but the image bakes our S3 sink " + FakeCluster.BAKED_S3_SINK
                            + " (Confluent's 10.5.23 only when built with WITH_CONFLUENT_S3_SINK=true): "
                            + FakeCluster.BAKED_S3_SINK + " runs (set the line to " + FakeCluster.BAKED_S3_SINK
                            + " to silence this)");
            assertThat(cluster.calls()).as("deployed").anyMatch(c -> c.startsWith("helm "));
        }
    }

    /** The image's own versions pass, and so does Confluent's sink at the version the Dockerfile can bake. */
    @Test
    void versionsTheImageBakesPass() {
        String confluent = Chart.read(Chart.REPO.resolve("connect-image/Dockerfile")).lines()
                .filter(l -> l.startsWith("ARG CONFLUENT_S3_SINK_VERSION=")).findFirst().orElseThrow().split("=")[1];
        for (String line : List.of("DEBEZIUM_CONNECTOR_VERSION=" + FakeCluster.BAKED_DEBEZIUM,
                "S3_SINK_CONNECTOR_VERSION=" + FakeCluster.BAKED_S3_SINK, "S3_SINK_CONNECTOR_VERSION=" + confluent)) {
            cluster.env(FakeCluster.VALID_ENV + line + "\n");

            FakeCluster.Result result = cluster.run("run.sh", "--dry-run", "--env-file", cluster.envFile.toString());

            assertThat(result.exitCode()).as(line + "\n" + result.output()).isZero();
            assertThat(result.output()).as(line).doesNotContain("CONNECTOR_VERSION");
        }
        assertThat(Chart.read(Chart.REPO.resolve("README.md")).replaceAll("\\s+", " ")).as("the README's versions")
                .contains("it has Debezium " + FakeCluster.BAKED_DEBEZIUM + " and our S3 sink " + FakeCluster.BAKED_S3_SINK
                        + ", Confluent's " + confluent + " only when built with it");
    }

    /** The seed README says `./run.sh` at the repository root. */
    @Test
    void theRootRunShIsTheDeployScript() throws Exception {
        cluster.env(FakeCluster.seedEnv());
        List<String> command = List.of("/bin/bash", Chart.REPO.resolve("run.sh").toString(), "--dry-run", "--env-file",
                cluster.envFile.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PATH", cluster.bin + ":/usr/bin:/bin");
        builder.environment().put("FAKE_CALLS", cluster.calls.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(output).isZero();
        assertThat(cluster.calls()).anyMatch(c -> c.startsWith("helm template cdc " + Chart.DIR + " --namespace cdc-project"));
    }

    @Test
    void aKeyGivenBothWaysWithDifferentValuesIsOneLine() {
        cluster.env(FakeCluster.VALID_ENV + "AWS_RDS_DBNAME=other\n");

        FakeCluster.Result result = cluster.run("run.sh", "--dry-run", "--env-file", cluster.envFile.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.output().lines()).containsExactly(cluster.envFile
                + ": AWS_RDS_DATABASE and AWS_RDS_DBNAME are both set, to different values: keep one");
        assertThat(cluster.calls()).isEmpty();
    }

    @Test
    void runningTwiceMakesTheSameCallsAndSucceedsBothTimes() {
        FakeCluster.Result first = cluster.run("run.sh", "--env-file", cluster.envFile.toString(), "--no-port-forward");
        List<String> firstCalls = cluster.calls();
        cluster.clearCalls();
        FakeCluster.Result second = cluster.run("run.sh", "--env-file", cluster.envFile.toString(), "--no-port-forward");

        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(second.exitCode()).as(second.output()).isZero();
        // Sorted: the two sides of a pipeline record their calls in either order.
        // The Secret's private folder gets a new random name each run.
        assertThat(withoutTempNames(cluster.calls())).containsExactlyInAnyOrderElementsOf(withoutTempNames(firstCalls));
        assertThat(firstCalls).noneMatch(c -> c.contains(" create ") && !c.contains("--dry-run=client"))
                .noneMatch(c -> c.startsWith("helm install"));
    }

    private static List<String> withoutTempNames(List<String> calls) {
        return calls.stream().map(c -> c.replaceAll("cdc-secret\\.[A-Za-z0-9]+", "cdc-secret.X")).toList();
    }

    @Test
    void uninstallRemovesTheReleaseAndTheSecret() {
        FakeCluster.Result result = cluster.run("run.sh", "--uninstall");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(cluster.calls()).containsSubsequence(
                "helm status cdc --namespace cdc-project",
                "helm uninstall cdc --namespace cdc-project --wait",
                // Hook objects Helm leaves behind: the connector ConfigMap, the registration Job, the test pod.
                "kubectl delete job,configmap,pod --namespace cdc-project --ignore-not-found --selector app.kubernetes.io/instance=cdc",
                "kubectl delete secret cdc-credentials --namespace cdc-project --ignore-not-found");
        assertThat(result.output()).contains("kubectl delete namespace cdc-project");
    }

    @Test
    void uninstallOfAnAbsentReleaseSucceeds() {
        cluster.environment.put("FAKE_RELEASE_INSTALLED", "0");

        FakeCluster.Result result = cluster.run("run.sh", "--uninstall");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("release cdc is not installed");
        assertThat(cluster.calls()).noneMatch(c -> c.startsWith("helm uninstall"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        AWS_RDS_PORT=5432                | AWS_RDS_PORT=99999               | .env: AWS_RDS_PORT must be a port number (1-65535)
        AWS_RDS_PORT=5432                | AWS_RDS_PORT=pg                  | .env: AWS_RDS_PORT must be a port number (1-65535)
        S3_BUCKET=my-data-lake           | S3_BUCKET=My_Bucket              | .env: S3_BUCKET must be a bucket name: 3-63 lower-case letters, digits, . or -
        S3_BUCKET=my-data-lake           | S3_BUCKET=my..lake               | .env: S3_BUCKET must not contain '..'
        AWS_RDS_SSLMODE=require          | AWS_RDS_SSLMODE=maybe            | .env: AWS_RDS_SSLMODE must be one of disable, allow, prefer, require, verify-ca, verify-full
        AWS_REGION=eu-west-1             | AWS_REGION=Ireland               | .env: AWS_REGION must be an AWS region such as eu-west-1
        S3_PATH_STYLE_ACCESS=false       | S3_PATH_STYLE_ACCESS=yes         | .env: S3_PATH_STYLE_ACCESS must be true or false
        S3_ENDPOINT=                     | S3_ENDPOINT=minio:9000           | .env: S3_ENDPOINT must be empty (AWS S3) or an http(s):// URL
        CDC_SLOT_NAME=cdc_shop           | CDC_SLOT_NAME=CDC-Shop           | .env: CDC_SLOT_NAME must be 1-63 lower-case letters, digits or _ (a PostgreSQL slot name)
        AWS_ACCESS_KEY_ID=               | AWS_ACCESS_KEY_ID=AKIAEXAMPLEKEY | .env: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must both be set, or both empty (IAM role)
        AWS_RDS_PASSWORD=s3cr3t-Pa55word | AWS_RDS_PASSWORD=                | .env: AWS_RDS_PASSWORD must not be empty
        S3_PATH_STYLE_ACCESS=false       | REDPANDA_REPLICAS=2              | .env: REDPANDA_REPLICAS must be an odd number of brokers (1, 3, 5, ...): a Raft majority needs one
        S3_BUCKET=my-data-lake           | S3_BUCKET_NAME=My_Bucket         | .env: S3_BUCKET must be a bucket name: 3-63 lower-case letters, digits, . or -
        AWS_RDS_PASSWORD=s3cr3t-Pa55word | AWS_RDS_PASSWORDX=s3cr3t-Pa55word | .env: AWS_RDS_PASSWORD is missing (see .env.example)
        CDC_TABLES=public.orders,public.customers | CDC_TABLES=public.orders,,x | .env: CDC_TABLES must be a comma-separated list of schema.table patterns
        """)
    void badEnvIsRefusedWithOneLineNamingTheKeyBeforeAnyClusterCall(String good, String bad, String message) {
        cluster.env(FakeCluster.VALID_ENV.replace(good + "\n", bad + "\n"));

        for (String mode : List.of("--dry-run", "--no-port-forward")) {
            FakeCluster.Result result = cluster.run("run.sh", mode, "--env-file", cluster.envFile.toString());

            assertThat(result.exitCode()).as(result.output()).isEqualTo(2);
            assertThat(result.output().lines()).containsExactly(message);
            assertThat(cluster.calls()).as("no cluster or helm call after a bad .env").isEmpty();
            assertNoSecretIn(result.output());
        }
    }

    @Test
    void missingEnvFileSaysHowToMakeOne() {
        FakeCluster.Result result = cluster.run("run.sh", "--env-file", dir.resolve("absent.env").toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).contains("absent.env not found: copy .env.example to .env and fill it in");
    }

    @Test
    void missingToolsAreNamedOneLineEach() throws IOException {
        Path tools = dir.resolve("tools");
        Files.createDirectories(tools);
        for (String tool : List.of("bash", "cat", "grep", "sed", "tr", "cut", "sort", "dirname", "basename", "wc",
                "tail", "head", "env")) {
            Path real = Files.exists(Path.of("/usr/bin", tool)) ? Path.of("/usr/bin", tool) : Path.of("/bin", tool);
            FakeCluster.write(tools.resolve(tool), "#!/bin/sh\nexec " + real + " \"$@\"\n");
        }
        cluster.environment.put("PATH", tools.toString());

        FakeCluster.Result result = cluster.run("run.sh", "--env-file", cluster.envFile.toString());

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.output().lines()).containsExactly(
                "missing: kubectl (https://kubernetes.io/docs/tasks/tools/; Docker Desktop ships it)",
                "missing: helm 3 (https://helm.sh/docs/intro/install/)",
                "missing: curl");
    }

    @Test
    void unreachableClusterIsNamed() {
        cluster.environment.put("FAKE_CLUSTER_DOWN", "1");

        FakeCluster.Result result = cluster.run("run.sh", "--env-file", cluster.envFile.toString());

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.output()).contains(
                "missing: a reachable Kubernetes cluster (kubectl context: fake-context)");
        assertThat(cluster.calls()).noneMatch(c -> c.startsWith("helm"));
    }

    @Test
    void verifyFailsOnAFailedTaskAndNamesIt() {
        cluster.environment.put("FAKE_TASK_STATE", "FAILED");

        FakeCluster.Result result = cluster.run("verify-deployment.sh");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).contains("ok:   connector debezium-postgres and its tasks RUNNING",
                "FAIL: connector s3-sink states: RUNNING FAILED", "1 problem(s); see docs/troubleshooting.md");
    }

    @Test
    void statusReportsStatesAndSkipsWhatItCannotReach() {
        FakeCluster.Result result = cluster.run("status.sh", "--env-file", cluster.envFile.toString());

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("debezium-postgres: RUNNING; task 0 RUNNING;",
                "== Replication slot lag", "== Sink consumer lag", "== Newest S3 objects");
        assertThat(cluster.calls()).contains(
                "kubectl exec statefulset/redpanda --namespace cdc-project -- rpk group describe connect-s3-sink");
        assertNoSecretIn(result.output());
    }

    /** A connector without tasks (FAILED on its config, say) is reported, and the other sections still run. */
    @Test
    void statusGoesOnPastAConnectorWithoutTasks() {
        cluster.environment.put("FAKE_NO_TASKS", "1");

        FakeCluster.Result result = cluster.run("status.sh", "--env-file", cluster.envFile.toString());

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("s3-sink: FAILED; no tasks", "== Replication slot lag",
                "== Sink consumer lag", "== Newest S3 objects");
    }

    /**
     * With another release name the scripts use the names the chart gives its objects (the release name plus "-cdc"
     * unless it contains "cdc"), read here from the chart rendered with that release.
     */
    @Test
    void scriptsFindTheChartsObjectsForAnyReleaseName() {
        List<io.fabric8.kubernetes.api.model.HasMetadata> rendered = Chart.parseStrictly(
                Chart.template("pipeline", List.of(), java.util.Map.of()));
        assertThat(Chart.names(rendered)).contains("Deployment/kafka-connect",
                "StatefulSet/redpanda", "Job/pipeline-cdc-register-connectors");
        cluster.environment.put("CDC_RELEASE", "pipeline");

        FakeCluster.Result install = cluster.run("run.sh", "--env-file", cluster.envFile.toString());
        FakeCluster.Result verify = cluster.run("verify-deployment.sh");
        FakeCluster.Result status = cluster.run("status.sh", "--env-file", cluster.envFile.toString());

        assertThat(install.exitCode()).as(install.output()).isZero();
        assertThat(verify.exitCode()).as(verify.output()).isZero();
        assertThat(status.exitCode()).as(status.output()).isZero();
        assertThat(cluster.calls()).contains(
                "kubectl rollout status statefulset/redpanda --namespace cdc-project --timeout=10m",
                "kubectl rollout status deployment/kafka-connect --namespace cdc-project --timeout=10m",
                "kubectl exec statefulset/redpanda --namespace cdc-project -- rpk group describe connect-s3-sink")
                .anyMatch(c -> c.startsWith("kubectl port-forward svc/kafka-connect 8083:8083"))
                .noneMatch(c -> c.contains(" deployment/pipeline-connect") || c.contains("statefulset/pipeline-redpanda"));
    }

    /**
     * Every shell script we ship passes shellcheck (Debian package shellcheck) and bash's own syntax check. A machine
     * without shellcheck gets Debian's package unpacked into target/ by {@link Shellcheck}; where that is impossible
     * the test fails and says how to install it, rather than checking less.
     */
    @Test
    void scriptsPassShellcheck() throws Exception {
        List<Path> scripts = new ArrayList<>();
        try (Stream<Path> files = Files.list(Chart.REPO.resolve("scripts"))) {
            files.filter(f -> f.toString().endsWith(".sh")).sorted().forEach(scripts::add);
        }
        scripts.add(Chart.REPO.resolve("connect-image/docker/start-connect.sh"));
        scripts.add(Chart.REPO.resolve("connect-image/base/container-engine.sh"));
        scripts.add(Chart.REPO.resolve("connect-image/base/make-base.sh"));
        scripts.add(Chart.REPO.resolve("run.sh"));
        scripts.add(Chart.REPO.resolve("benchmarks/pipeline.sh"));
        assertThat(scripts).hasSizeGreaterThanOrEqualTo(10);
        String shellcheck = Shellcheck.executable();
        for (Path file : scripts) {
            assertThat(Files.isExecutable(file)).as(file + " executable").isTrue();
            for (List<String> command : List.of(List.of("/bin/bash", "-n", file.toString()),
                    List.of(shellcheck, "-x", file.toString()))) {
                Process process = new ProcessBuilder(command).directory(file.getParent().toFile())
                        .redirectErrorStream(true).start();
                String output = new String(process.getInputStream().readAllBytes());
                assertThat(process.waitFor()).as(String.join(" ", command) + "\n" + output).isZero();
            }
        }
    }

    private static void assertNoSecretIn(String output) {
        assertThat(output).doesNotContain(FakeCluster.PASSWORD)
                .doesNotContain(Base64.getEncoder().encodeToString(FakeCluster.PASSWORD.getBytes()));
    }
}
