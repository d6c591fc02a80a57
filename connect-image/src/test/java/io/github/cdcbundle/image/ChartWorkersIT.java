package io.github.cdcbundle.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.cdcbundle.testkit.ConnectRest;
import io.github.cdcbundle.testkit.KafkaBroker;
import io.github.cdcbundle.testkit.Poll;
import io.github.cdcbundle.testkit.Ports;
import io.github.cdcbundle.testkit.Postgres;
import io.github.cdcbundle.testkit.ProcessConnectWorker;
import io.github.cdcbundle.testkit.S3Server;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Connect workers run as the chart runs its two replicas: the image's start script with the rendered ConfigMap and
 * container environment of k8s/cdc.yaml, each on an address of its own (127.0.0.2 and 127.0.0.3 stand in for the pod
 * IPs the chart advertises through {@code status.podIP}); then the rendered registration Job's own script registers
 * the shipped connectors through the worker that is NOT the group's leader, as a Service may route it. Before the chart
 * advertised each pod's address, both workers advertised http://0.0.0.0:8083, a request forwarded to the leader came
 * back to the same worker and registration failed with 409. Finally one worker is SIGKILLed and the other must run
 * every task, with the rebalance delay the image ships.
 *
 * <p>Deviations, each because two "pods" share one machine here: the REST listener binds the worker's own loopback
 * address instead of 0.0.0.0 (same port for both, as in the cluster); one test broker instead of the chart's Redpanda
 * Services, so replication factor 1; secrets
 * from the environment (the chart's secret.source=env) rather than the Kubernetes API; the Job's /connectors mount is
 * a temporary folder holding the rendered ConfigMap's files.
 */
class ChartWorkersIT {
    private static final String[] HOSTS = {"127.0.0.2", "127.0.0.3"};

    @TempDir
    Path work;

    @Test
    void registrationThroughTheFollowerWorksTasksSpreadAndTheSurvivorTakesOver() throws Exception {
        Manifest chart = Manifest.read(Path.of(System.getProperty("cdc.k8s.manifest")));
        // The workers listen on 0.0.0.0 in their pods; what they advertise must be each pod's own address, or a
        // request forwarded to the leader loops back. Here the stand-in for status.podIP is each worker's address.
        assertThat(chart.advertisedHostSource()).as("where the chart's workers take rest.advertised.host.name from")
                .isEqualTo("status.podIP");
        try (Postgres postgres = Postgres.start(); KafkaBroker kafka = KafkaBroker.start();
                S3Server s3 = S3Server.start()) {
            postgres.createDatabase("shop");
            postgres.execute("shop", "CREATE TABLE public.items (id serial PRIMARY KEY, name text NOT NULL)",
                    "INSERT INTO public.items (name) VALUES ('a'), ('b')");
            postgres.createCdcUser("shop");
            postgres.createPublication("shop", "cdc_chart_it", List.of("public.items"));
            s3.createBucket("lake");

            Map<String, String> env = new LinkedHashMap<>(chart.workerEnv());
            env.keySet().removeIf(k -> k.startsWith("CONNECT_CONFIG_PROVIDERS_SECRETS_PARAM_"));
            env.put("CONNECT_CONFIG_PROVIDERS_SECRETS_PARAM_SOURCES", "env");
            env.put("CONNECT_REPLICATION_FACTOR", "1");
            env.put("CONNECT_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
            env.putAll(ConnectorSecrets.of(postgres, s3, "chart-it"));
            // The same port on both addresses, as every pod listens on the chart's port; a free one, since 8083 may
            // be taken on a build machine. It is also the port each worker advertises to the other.
            int port = Ports.free();
            env.put("CONNECT_REST_PORT", Integer.toString(port));
            ProcessConnectWorker.Launch launch = new ProcessConnectWorker.Launch(Built.startScript(),
                    Built.workerClasspath(), kafka.bootstrapServers(), Built.plugins(), env);
            List<ProcessConnectWorker> workers = new ArrayList<>();
            try {
                for (String host : HOSTS) {
                    workers.add(ProcessConnectWorker.start(launch, host, port));
                }
                String leader = Poll.until("both workers in one group with one leader", Duration.ofSeconds(60), () -> {
                    String a = workers.get(0).leaderUrl();
                    return a != null && a.equals(workers.get(1).leaderUrl()) ? a : null;
                });
                ProcessConnectWorker follower = workers.stream().filter(w -> !w.restUrl().toString().equals(leader))
                        .findFirst().orElseThrow(() -> new AssertionError("no worker other than the leader " + leader));

                String output = runRegistrationJob(chart, follower.restUrl().toString().replaceAll("/$", ""));

                ConnectRest rest = follower.rest();
                Set<String> owners = Poll.until("tasks RUNNING on both workers", Duration.ofSeconds(90), () -> {
                    Set<String> o = rest.taskOwners(chart.connectorNames());
                    return o != null && o.size() == 2 ? o : null;
                });
                assertThat(output).contains("RUNNING");
                assertThat(owners).containsExactlyInAnyOrder(HOSTS[0] + ":" + port, HOSTS[1] + ":" + port);

                ProcessConnectWorker victim = workers.get(0);
                ProcessConnectWorker survivor = workers.get(1);
                long killedAt = System.nanoTime();
                victim.kill();
                Poll.until("every task RUNNING on the surviving worker", Duration.ofSeconds(90), () -> {
                    Set<String> o = survivor.rest().taskOwners(chart.connectorNames());
                    return o != null && o.equals(Set.of(HOSTS[1] + ":" + port)) ? o : null;
                });
                System.out.printf("ChartWorkersIT: the survivor ran every task %.1f s after the SIGKILL%n",
                        (System.nanoTime() - killedAt) / 1e9);
            } finally {
                workers.forEach(ProcessConnectWorker::close);
            }
        }
    }

    /** Runs the rendered Job's script with its rendered environment, CONNECT_URL pointing at {@code url}. */
    private String runRegistrationJob(Manifest chart, String url) throws IOException, InterruptedException {
        Path connectors = Files.createDirectories(work.resolve("connectors"));
        for (Map.Entry<String, String> file : chart.connectorFiles().entrySet()) {
            Files.writeString(connectors.resolve(file.getKey()), file.getValue());
        }
        String script = chart.jobScript().replace("@/connectors/", "@" + connectors + "/")
                .replace("/tmp/put.out", work.resolve("put.out").toString());
        ProcessBuilder builder = new ProcessBuilder("sh", "-ec", script).redirectErrorStream(true);
        builder.environment().putAll(chart.jobEnv());
        builder.environment().put("CONNECT_URL", url);
        Process process = builder.start();
        if (!process.waitFor(Long.parseLong(chart.jobEnv().get("TIMEOUT_SECONDS")) + 60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the registration Job's script did not end");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("the registration Job's script through the follower " + url + ":\n"
                + output).isZero();
        return output;
    }

    /** What the test needs of k8s/cdc.yaml: the worker's env, and the registration Job with its connector files. */
    private record Manifest(Map<String, String> workerEnv, String advertisedHostSource, String jobScript,
            Map<String, String> jobEnv, Map<String, String> connectorFiles) {
        List<String> connectorNames() {
            return List.of(jobEnv.get("CONNECTORS").trim().split("\\s+"));
        }

        static Manifest read(Path file) throws IOException {
            ChartConnectPod pod = ChartConnectPod.read(file);
            Map<String, String> workerEnv = new LinkedHashMap<>(pod.configMap());
            workerEnv.putAll(pod.env());
            String script = null;
            String advertised = null;
            Map<String, String> jobEnv = new LinkedHashMap<>();
            Map<String, String> files = new LinkedHashMap<>();
            try (MappingIterator<JsonNode> docs = new ObjectMapper(new YAMLFactory()).readerFor(JsonNode.class)
                    .readValues(file.toFile())) {
                while (docs.hasNext()) {
                    JsonNode doc = docs.next();
                    if (doc == null || doc.isNull() || doc.isMissingNode()) {
                        continue;
                    }
                    String kind = doc.path("kind").asText();
                    String name = doc.path("metadata").path("name").asText();
                    if ("Deployment".equals(kind)
                            && "connect".equals(doc.path("metadata").path("labels")
                                    .path("app.kubernetes.io/component").asText())) {
                        JsonNode container = doc.path("spec").path("template").path("spec").path("containers").get(0);
                        for (JsonNode variable : container.path("env")) {
                            if ("CONNECT_REST_ADVERTISED_HOST_NAME".equals(variable.path("name").asText())) {
                                advertised = variable.path("valueFrom").path("fieldRef").path("fieldPath").asText();
                            }
                        }
                    } else if ("Job".equals(kind) && name.endsWith("-register-connectors")) {
                        JsonNode container = doc.path("spec").path("template").path("spec").path("containers").get(0);
                        script = container.path("args").get(0).asText();
                        for (JsonNode variable : container.path("env")) {
                            jobEnv.put(variable.get("name").asText(), variable.path("value").asText());
                        }
                    } else if ("ConfigMap".equals(kind) && name.endsWith("-connectors")) {
                        doc.path("data").properties().forEach(e -> files.put(e.getKey(), e.getValue().asText()));
                    }
                }
            }
            if (script == null || files.isEmpty()) {
                throw new AssertionError(file + " has no registration Job (*-register-connectors) or no connectors "
                        + "ConfigMap (*-connectors)");
            }
            return new Manifest(workerEnv, advertised, script, jobEnv, files);
        }
    }
}
