package io.github.cdcbundle.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Redpanda runs in production mode with the configuration the chart writes: without a redpanda.yaml, rpk starts from
 * its development defaults (fsync bypassed, write caching). Keys are held to the list checked against Redpanda's
 * source (redpanda-config-keys.txt), so a misspelled key, which Redpanda would ignore with a log line, fails here.
 */
class RedpandaConfigTest {

    private static final KubernetesSerialization YAML = new KubernetesSerialization();

    @Test
    void theBrokersRunInProductionModeWithFsync() {
        List<HasMetadata> objects = Chart.render();
        Map<String, Object> node = yaml(config(objects).get("redpanda.yaml"));
        Map<String, Object> cluster = yaml(config(objects).get("bootstrap.yaml"));

        assertThat(at(node, "redpanda")).containsEntry("developer_mode", false)
                .containsEntry("data_directory", "/var/lib/redpanda/data");
        assertThat(cluster).containsEntry("write_caching_default", "false");

        PodSpec pod = Chart.one(objects, StatefulSet.class, "redpanda").getSpec().getTemplate().getSpec();
        Container broker = pod.getContainers().get(0);
        assertThat(String.join(" ", broker.getCommand()) + " " + String.join(" ", broker.getArgs()))
                .contains("--unsafe-bypass-fsync=false").doesNotContain("--mode", "dev-container");
        // rpk rewrites redpanda.yaml at start: the init container copies both files into the writable folder rpk reads.
        assertThat(pod.getInitContainers()).singleElement().satisfies(init -> {
            assertThat(String.join(" ", init.getArgs())).contains("/etc/redpanda/redpanda.yaml", "/etc/redpanda/.bootstrap.yaml");
            assertThat(init.getVolumeMounts()).extracting(VolumeMount::getMountPath).contains("/etc/redpanda");
        });
        assertThat(broker.getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getMountPath()).isEqualTo("/etc/redpanda");
            assertThat(m.getName()).isEqualTo("config");
        });
        assertThat(Chart.one(objects, StatefulSet.class, "redpanda").getSpec().getTemplate().getMetadata()
                .getAnnotations().get("checksum/config")).hasSize(64);
    }

    /** The external-listener form of the start command must not lose the fsync flag either. */
    @Test
    void theExternalListenerCommandKeepsFsync() {
        List<HasMetadata> objects = Chart.render(List.of(),
                Map.of("redpanda.external.enabled", "true", "redpanda.external.advertisedHost", "192.168.1.20"));
        Container broker = Chart.one(objects, StatefulSet.class, "redpanda").getSpec().getTemplate().getSpec()
                .getContainers().get(0);
        assertThat(String.join(" ", broker.getArgs())).contains("--unsafe-bypass-fsync=false");
    }

    @ParameterizedTest
    @CsvSource({"values.yaml, 3", "values-docker-desktop.yaml, 1", "values-eks.yaml, 3"})
    void topicsTheBrokerDefaultsGetAsManyReplicasAsConnectsInternalTopics(String valuesFile, int replicas) {
        List<HasMetadata> objects = Chart.render(valuesFile);
        Map<String, Object> cluster = yaml(config(objects).get("bootstrap.yaml"));

        assertThat(cluster).containsEntry("default_topic_replications", replicas)
                .containsEntry("minimum_topic_replications", replicas);
        assertThat(Chart.one(objects, ConfigMap.class, "kafka-connect").getData())
                .containsEntry("CONNECT_REPLICATION_FACTOR", Integer.toString(replicas));
    }

    @Test
    void fiveBrokersKeepThreeReplicas() {
        Map<String, Object> cluster = yaml(config(Chart.render(List.of(), Map.of("redpanda.replicas", "5")))
                .get("bootstrap.yaml"));
        assertThat(cluster).containsEntry("default_topic_replications", 3);
    }

    @ParameterizedTest
    @CsvSource({"values.yaml", "values-docker-desktop.yaml", "values-eks.yaml"})
    void everyKeyWrittenIsOneCheckedAgainstRedpandasSource(String valuesFile) throws IOException {
        Map<String, String> data = config(Chart.render(valuesFile));
        Set<String> known = knownKeys();

        Set<String> written = new TreeSet<>();
        for (String file : List.of("redpanda.yaml", "bootstrap.yaml")) {
            assertThat(data).containsKey(file);
            keys(file, "", yaml(data.get(file)), written);
        }
        assertThat(known).as("keys listed in redpanda-config-keys.txt").containsAll(written);
        assertThat(written).as("keys the chart writes").containsAll(known);
    }

    @Test
    void theKeyCheckCatchesAMisspelledKey() {
        Set<String> written = new TreeSet<>();
        keys("bootstrap.yaml", "", yaml("default_topic_replication: 3\n"), written);
        assertThat(knownKeys()).doesNotContainAnyElementsOf(written);
    }

    private static Map<String, String> config(List<HasMetadata> objects) {
        return Chart.one(objects, ConfigMap.class, "redpanda").getData();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(String text) {
        assertThat(text).isNotNull();
        return YAML.unmarshal(text, Map.class);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> at(Map<String, Object> map, String key) {
        return (Map<String, Object>) map.get(key);
    }

    /** Dotted paths of every leaf key, "[]" for list items, prefixed with the file they are in. */
    private static void keys(String file, String prefix, Object node, Set<String> out) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> keys(file, prefix.isEmpty() ? k.toString() : prefix + "." + k, v, out));
        } else if (node instanceof List<?> list) {
            list.forEach(item -> keys(file, prefix + "[]", item, out));
        } else {
            out.add(file + " " + prefix);
        }
    }

    private static Set<String> knownKeys() {
        try (InputStream in = RedpandaConfigTest.class.getResourceAsStream("/redpanda-config-keys.txt")) {
            Set<String> keys = new TreeSet<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.trim().split("\\s+", 3);
                assertThat(fields).as("file, key and source: %s", line).hasSize(3);
                keys.add(fields[0] + " " + fields[1]);
            }
            return keys;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
