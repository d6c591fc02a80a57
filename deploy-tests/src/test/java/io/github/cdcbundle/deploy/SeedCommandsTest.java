package io.github.cdcbundle.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 14: every command of the seed README (src/test/resources/seed-commands.txt) names something ./run.sh deploys
 * with the seed's .env. The chart is rendered with exactly the helm arguments run.sh's dry run gives for that .env.
 */
class SeedCommandsTest {
    static String namespace;
    static List<HasMetadata> rendered;

    @BeforeAll
    static void renderAsRunShDoes(@TempDir Path dir) {
        // The seed's .env with its connector versions set to the image's (run.sh refuses versions the image lacks).
        FakeCluster.Rendered chart = new FakeCluster(dir).renderAsRunSh(FakeCluster.seedEnv());
        namespace = chart.namespace();
        rendered = chart.objects();
    }

    static List<String> seedCommands() throws IOException {
        return Files.readAllLines(Path.of("src/test/resources/seed-commands.txt")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    }

    private static final Pattern NAMESPACE = Pattern.compile(" -n (\\S+)");
    private static final Pattern POD = Pattern.compile("^kubectl (?:logs|exec|describe pod) -n \\S+ ([a-z0-9-]+)(?: |$)");
    private static final Pattern WORKLOAD = Pattern.compile("^kubectl logs -n \\S+ deployment/(\\S+)");
    private static final Pattern FORWARD = Pattern.compile("^kubectl port-forward -n \\S+ svc/(\\S+) (\\d+):(\\d+)");
    private static final Pattern CONNECTOR = Pattern.compile("localhost:8083/connectors/([^/]+)/status");

    @ParameterizedTest
    @MethodSource("seedCommands")
    void theSeedCommandNamesWhatRunShDeploys(String command) {
        Matcher m = NAMESPACE.matcher(command);
        if (m.find()) {
            assertThat(m.group(1)).as("namespace run.sh deploys to").isEqualTo(namespace);
        }
        if ((m = POD.matcher(command)).find()) {
            // A StatefulSet pod is <statefulset>-<ordinal>.
            String pod = m.group(1);
            StatefulSet set = Chart.one(rendered, StatefulSet.class, pod.substring(0, pod.lastIndexOf('-')));
            assertThat(Integer.parseInt(pod.substring(pod.lastIndexOf('-') + 1))).isLessThan(set.getSpec().getReplicas());
            if (command.contains("-- rpk ")) {
                assertThat(set.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).contains("redpanda");
            }
        }
        if ((m = WORKLOAD.matcher(command)).find()) {
            Chart.one(rendered, Deployment.class, m.group(1));
        }
        if ((m = FORWARD.matcher(command)).find()) {
            Service service = Chart.one(rendered, Service.class, m.group(1));
            int port = Integer.parseInt(m.group(3));
            assertThat(service.getSpec().getPorts()).as(command).anyMatch(p -> p.getPort() == port);
            if (port == 8083) {
                assertThat(m.group(2)).as("the local port the seed's curl commands use").isEqualTo("8083");
            }
        }
        if ((m = CONNECTOR.matcher(command)).find()) {
            ConfigMap connectors = Chart.one(rendered, ConfigMap.class, "cdc-connectors");
            assertThat(connectors.getData()).as("connectors the hook Job registers").containsKey(m.group(1) + ".json");
        }
    }
}
