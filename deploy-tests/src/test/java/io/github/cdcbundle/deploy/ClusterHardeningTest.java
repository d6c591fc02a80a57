package io.github.cdcbundle.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only a real cluster would show: bounded hook calls, disruption budgets, who may reach the REST API. */
class ClusterHardeningTest {

    @TempDir
    Path temp;

    @Test
    void everyCurlCallOfTheHookAndTheTestPodHasATimeoutAndRetries() {
        List<HasMetadata> objects = Chart.render();
        String job = script(objects);
        String test = String.join("\n", Chart.one(objects, Pod.class, "cdc-test-connectors").getSpec().getContainers()
                .get(0).getArgs());

        for (String script : List.of(job, test)) {
            Matcher curl = Pattern.compile("\\bcurl\\b[^\\n]*(\\\\\\n[^\\n]*)*").matcher(script);
            int calls = 0;
            while (curl.find()) {
                calls++;
                assertThat(curl.group()).as("curl call").contains("--max-time", "--connect-timeout", "--retry ",
                        "--retry-connrefused");
            }
            assertThat(calls).isPositive();
        }
        assertThat(job).contains("$CONNECT_URL/health").doesNotContain("\"$CONNECT_URL/connectors\"");
        // The Job calls curl only through its bounded wrapper.
        assertThat(job.lines().filter(l -> l.matches(".*\\bcurl\\b.*") && !l.contains("call()"))).isEmpty();
        assertThat(job).contains("call -f -o /dev/null \"$CONNECT_URL/health\"", "code=$(call ",
                "status=$(call -f ");
    }

    @Test
    void theHookNamesTheConnectorWhoseRegistrationFailed() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("FAKE_HEALTH", "up");
        ProcessResult result = runHook(env);

        assertThat(result.exit).isEqualTo(1);
        assertThat(result.output).contains("FAILED: connector debezium-postgres: PUT http://kafka-connect:8083/connectors/"
                + "debezium-postgres/config returned 500", "boom");
    }

    @Test
    void theHookGivesUpAtItsDeadlineWhenConnectIsNotHealthy() throws Exception {
        ProcessResult result = runHook(new HashMap<>());

        assertThat(result.exit).isEqualTo(1);
        assertThat(result.output).contains("FAILED: Kafka Connect at http://kafka-connect:8083 is not healthy after 2s");
        assertThat(Files.readString(temp.resolve("curl.log"))).contains("--max-time");
    }

    @Test
    void disruptionBudgetsKeepARaftMajorityAndAWorker() {
        List<HasMetadata> objects = Chart.render();

        PodDisruptionBudget redpanda = Chart.one(objects, PodDisruptionBudget.class, "redpanda");
        assertThat(redpanda.getSpec().getMaxUnavailable()).isEqualTo(new IntOrString(1));
        assertThat(redpanda.getSpec().getSelector().getMatchLabels())
                .containsEntry("app.kubernetes.io/component", "redpanda");
        PodDisruptionBudget connect = Chart.one(objects, PodDisruptionBudget.class, "kafka-connect");
        assertThat(connect.getSpec().getMaxUnavailable()).isEqualTo(new IntOrString(1));
        assertThat(connect.getSpec().getSelector().getMatchLabels()).containsEntry("app.kubernetes.io/component", "connect");

        assertThat(Chart.render("values-external-kafka.yaml")).filteredOn(o -> o instanceof PodDisruptionBudget)
                .extracting(o -> o.getMetadata().getName()).containsExactly("kafka-connect");
    }

    @Test
    void theRestPortIsOpenOnlyToTheWorkersTheHookTheTestPodAndTheNamespace() {
        NetworkPolicy policy = Chart.one(Chart.render(), NetworkPolicy.class, "kafka-connect");

        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(policy.getSpec().getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/component", "connect");
        NetworkPolicyIngressRule rest = rule(policy, "http");
        assertThat(rest.getFrom()).hasSize(2);
        NetworkPolicyPeer release = rest.getFrom().get(0);
        assertThat(release.getNamespaceSelector()).isNull();
        assertThat(release.getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/instance", "cdc");
        assertThat(release.getPodSelector().getMatchExpressions()).singleElement().satisfies(e -> {
            assertThat(e.getKey()).isEqualTo("app.kubernetes.io/component");
            assertThat(e.getValues()).containsExactlyInAnyOrder("connect", "connectors", "test");
        });
        // The register Job's and the test pod's labels match the rule.
        assertThat(Chart.one(Chart.render(), Job.class, "cdc-register-connectors").getSpec().getTemplate().getMetadata()
                .getLabels()).containsEntry("app.kubernetes.io/component", "connectors");
        assertThat(rest.getFrom().get(1).getPodSelector().getMatchLabels()).isNullOrEmpty();
        assertThat(rest.getFrom().get(1).getNamespaceSelector()).isNull();

        NetworkPolicyIngressRule metrics = rule(policy, "metrics");
        assertThat(metrics.getFrom().get(0).getNamespaceSelector().getMatchLabels())
                .containsExactly(Map.entry("kubernetes.io/metadata.name", "monitoring"));

        NetworkPolicy strict = Chart.one(Chart.render(List.of(), Map.of("connect.networkPolicy.allowNamespace", "false")),
                NetworkPolicy.class, "kafka-connect");
        assertThat(rule(strict, "http").getFrom()).hasSize(1);
        assertThat(rule(strict, "metrics").getFrom()).hasSize(1);
    }

    @Test
    void theServiceMonitorTakesTheLabelPrometheusSelectsOn() {
        List<HasMetadata> objects = Chart.render(List.of(), Map.of("connect.metrics.serviceMonitor.enabled", "true",
                "connect.metrics.serviceMonitor.labels.release", "kube-prometheus-stack"));
        HasMetadata monitor = objects.stream().filter(o -> o.getKind().equals("ServiceMonitor")).findFirst().orElseThrow();
        assertThat(monitor).isInstanceOf(GenericKubernetesResource.class);
        assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack")
                .containsEntry("app.kubernetes.io/instance", "cdc");
    }

    private static NetworkPolicyIngressRule rule(NetworkPolicy policy, String port) {
        return policy.getSpec().getIngress().stream()
                .filter(r -> r.getPorts().stream().anyMatch(p -> p.getPort().equals(new IntOrString(port))))
                .findFirst().orElseThrow(() -> new AssertionError("no ingress rule for port " + port));
    }

    private static String script(List<HasMetadata> objects) {
        return String.join("\n", Chart.one(objects, Job.class, "cdc-register-connectors").getSpec().getTemplate()
                .getSpec().getContainers().get(0).getArgs());
    }

    private record ProcessResult(int exit, String output) {}

    /**
     * Runs the rendered Job's script under sh with a fake curl: /health answers when FAKE_HEALTH=up (else connection
     * refused, exit 7), a PUT answers 500 with a body.
     */
    private ProcessResult runHook(Map<String, String> env) throws Exception {
        Path bin = Files.createDirectories(temp.resolve("bin"));
        Path curl = bin.resolve("curl");
        Files.writeString(curl, """
            #!/bin/sh
            echo "$*" >> "$FAKE_LOG"
            url=""; out=""; w=""
            while [ $# -gt 0 ]; do
              case "$1" in
                -o) out=$2; shift ;;
                -w) w=$2; shift ;;
                -X|-H|--data-binary|--max-time|--connect-timeout|--retry|--retry-delay) shift ;;
                http*) url=$1 ;;
              esac
              shift
            done
            case "$url" in
              */health) [ "$FAKE_HEALTH" = up ] || { echo "curl: (7) Failed to connect" >&2; exit 7; } ;;
              */config) echo '{"error_code":500,"message":"boom"}' > "$out"; printf 500 ;;
              *) exit 22 ;;
            esac
            """, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(curl, PosixFilePermissions.fromString("rwxr-xr-x"));
        String script = script(Chart.render()).replace("/tmp/put.out", temp.resolve("put.out").toString());
        ProcessBuilder builder = new ProcessBuilder("sh", "-ec", script).redirectErrorStream(true);
        builder.environment().putAll(env);
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        builder.environment().put("FAKE_LOG", temp.resolve("curl.log").toString());
        builder.environment().put("CONNECT_URL", "http://kafka-connect:8083");
        builder.environment().put("CONNECTORS", "debezium-postgres s3-sink");
        builder.environment().put("TIMEOUT_SECONDS", "2");
        Process process = builder.start();
        process.getOutputStream().close();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new ProcessResult(process.exitValue(),
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
