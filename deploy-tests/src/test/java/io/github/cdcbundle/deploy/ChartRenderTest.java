package io.github.cdcbundle.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChartRenderTest {

    /** The strict parse the render tests rely on: a misspelled field anywhere in a manifest fails it. */
    @Test
    void theStrictParseRefusesUnknownFields() {
        String deployment = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: x
            spec:
              replicas: 1
              template:
                spec:
                  containers:
                    - name: c
                      image: i
                      imagePulPolicy: Always
            """;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Chart.parseStrictly(deployment))
                .hasMessageContaining("imagePulPolicy");
        assertThat(Chart.parseStrictly(deployment.replace("imagePulPolicy", "imagePullPolicy"))).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"values.yaml", "values-docker-desktop.yaml", "values-eks.yaml", "values-external-kafka.yaml"})
    void everyValuesFileRendersObjectsThatParseStrictlyAndMeetTheRestrictedProfile(String valuesFile) {
        List<HasMetadata> objects = Chart.render(valuesFile);

        assertThat(objects).isNotEmpty();
        for (HasMetadata object : objects) {
            assertThat(object.getMetadata().getLabels())
                    .as("labels of %s", object.getMetadata().getName())
                    .containsEntry("app.kubernetes.io/name", "cdc")
                    .containsEntry("app.kubernetes.io/instance", Chart.RELEASE)
                    .containsEntry("app.kubernetes.io/managed-by", "Helm")
                    .containsKey("helm.sh/chart");
        }
        for (PodSpec pod : podSpecs(objects)) {
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            for (Container container : pod.getContainers()) {
                assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).as(container.getName()).isFalse();
                assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
                assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
                assertThat(container.getImage()).as("pinned image").doesNotEndWith(":latest").contains(":");
                assertThat(container.getResources().getLimits()).containsKey("memory");
            }
        }
    }

    @Test
    void defaultsRunThreeBrokersAndReadTheSecretThroughTheApiWithLeastPrivilege() {
        List<HasMetadata> objects = Chart.render();

        StatefulSet redpanda = Chart.one(objects, StatefulSet.class, "redpanda");
        assertThat(redpanda.getSpec().getReplicas()).isEqualTo(3);
        assertThat(redpanda.getSpec().getVolumeClaimTemplates()).hasSize(1);
        assertThat(redpanda.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity()
                .getPreferredDuringSchedulingIgnoredDuringExecution()).hasSize(1);
        assertThat(redpanda.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .startsWith("docker.redpanda.com/redpandadata/redpanda:v");

        Map<String, String> worker = Chart.one(objects, ConfigMap.class, "kafka-connect").getData();
        assertThat(worker).containsEntry("CONNECT_REPLICATION_FACTOR", "3")
                .containsEntry("CONNECT_GROUP_ID", "cdc-connect")
                .containsEntry("CONNECT_CONFIG_PROVIDERS_SECRETS_PARAM_SOURCES", "kubernetes")
                .containsEntry("CONNECT_CONFIG_PROVIDERS_SECRETS_PARAM_KUBERNETES_DEFAULT_SECRETS", "cdc-credentials")
                .containsEntry("CONNECT_CONFIG_PROVIDERS_SECRETS_PARAM_ALLOWED_SECRETS", "cdc-credentials");
        assertThat(worker.get("CONNECT_BOOTSTRAP_SERVERS")).isEqualTo(
                "redpanda-0.redpanda-headless:9092,"
                        + "redpanda-1.redpanda-headless:9092,"
                        + "redpanda-2.redpanda-headless:9092");

        Role role = Chart.one(objects, Role.class, "kafka-connect-secret-reader");
        assertThat(role.getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getVerbs()).containsExactly("get");
            assertThat(rule.getResources()).containsExactly("secrets");
            assertThat(rule.getResourceNames()).containsExactly("cdc-credentials");
        });

        Deployment connect = Chart.one(objects, Deployment.class, "kafka-connect");
        PodSpec pod = connect.getSpec().getTemplate().getSpec();
        assertThat(pod.getAutomountServiceAccountToken()).isTrue();
        assertThat(pod.getServiceAccountName()).isEqualTo("kafka-connect");
        assertThat(connect.getSpec().getSelector().getMatchLabels()).containsOnlyKeys(
                "app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/component");
        assertThat(connect.getSpec().getTemplate().getMetadata().getAnnotations().get("checksum/config")).hasSize(64);
        Container container = pod.getContainers().get(0);
        assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/health");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health");
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health");
        assertThat(container.getPorts()).extracting(p -> p.getContainerPort()).containsExactly(8083, 9404);
        assertThat(container.getEnvFrom()).singleElement().satisfies(e -> assertThat(e.getSecretRef()).isNull());

        Job job = Chart.one(objects, Job.class, "cdc-register-connectors");
        assertThat(job.getMetadata().getAnnotations()).containsEntry("helm.sh/hook", "post-install,post-upgrade");
        assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .anySatisfy(e -> {
                    assertThat(e.getName()).isEqualTo("CONNECTORS");
                    assertThat(e.getValue()).isEqualTo("debezium-postgres s3-sink");
                });
        Pod test = Chart.one(objects, Pod.class, "cdc-test-connectors");
        assertThat(test.getMetadata().getAnnotations()).containsEntry("helm.sh/hook", "test");
    }

    @Test
    void aConfigChangeChangesTheChecksumSoThePodsRoll() {
        String before = checksum(Chart.render());
        String after = checksum(Chart.render(List.of(), Map.of("connect.groupId", "other")));

        assertThat(after).isNotEqualTo(before);
    }

    @Test
    void dockerDesktopRunsOneBrokerAndReplicationFactorOne() {
        List<HasMetadata> objects = Chart.render("values-docker-desktop.yaml");

        assertThat(Chart.one(objects, StatefulSet.class, "redpanda").getSpec().getReplicas()).isEqualTo(1);
        assertThat(Chart.one(objects, ConfigMap.class, "kafka-connect").getData())
                .containsEntry("CONNECT_REPLICATION_FACTOR", "1")
                .containsEntry("CONNECT_BOOTSTRAP_SERVERS", "redpanda-0.redpanda-headless:9092");
        assertThat(Chart.one(objects, Deployment.class, "kafka-connect").getSpec().getReplicas()).isEqualTo(1);
    }

    @Test
    void externalKafkaRendersNoBrokers() {
        List<HasMetadata> objects = Chart.render("values-external-kafka.yaml");

        assertThat(objects).noneMatch(o -> o instanceof StatefulSet);
        assertThat(Chart.names(objects)).noneMatch(n -> n.contains("redpanda"));
        assertThat(Chart.one(objects, ConfigMap.class, "kafka-connect").getData())
                .containsEntry("CONNECT_BOOTSTRAP_SERVERS",
                        "b-1.mycluster.kafka.eu-west-1.amazonaws.com:9092,b-2.mycluster.kafka.eu-west-1.amazonaws.com:9092")
                .containsEntry("CONNECT_REPLICATION_FACTOR", "3");
    }

    @Test
    void eksAnnotatesTheServiceAccountForIrsa() {
        List<HasMetadata> objects = Chart.render("values-eks.yaml");

        assertThat(Chart.one(objects, ServiceAccount.class, "kafka-connect").getMetadata().getAnnotations())
                .containsEntry("eks.amazonaws.com/role-arn", "arn:aws:iam::123456789012:role/cdc-connect-s3");
        assertThat(Chart.one(objects, StatefulSet.class, "redpanda").getSpec().getVolumeClaimTemplates().get(0)
                .getSpec().getStorageClassName()).as("EKS creates no gp3 StorageClass: the default one, unless set").isNull();
    }

    @Test
    void envSourceMountsNoTokenAndGrantsNoRole() {
        List<HasMetadata> objects = Chart.render(List.of(),
                Map.of("secret.source", "env", "secret.existingSecret", "from-dotenv"));

        assertThat(objects).noneMatch(o -> o instanceof Role);
        assertThat(objects).noneMatch(o -> o instanceof Secret);
        PodSpec pod = Chart.one(objects, Deployment.class, "kafka-connect").getSpec().getTemplate().getSpec();
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(Chart.one(objects, ServiceAccount.class, "kafka-connect").getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getContainers().get(0).getEnvFrom()).filteredOn(e -> e.getSecretRef() != null)
                .singleElement().satisfies(e -> assertThat(e.getSecretRef().getName()).isEqualTo("from-dotenv"));
        assertThat(Chart.one(objects, ConfigMap.class, "kafka-connect").getData())
                .containsEntry("CONNECT_CONFIG_PROVIDERS_SECRETS_PARAM_SOURCES", "env");
    }

    @Test
    void secretValuesBecomeTheChartsSecret() {
        List<HasMetadata> objects = Chart.render(List.of(), Map.of("secret.values.AWS_RDS_HOST", "db.example.com"));

        assertThat(Chart.one(objects, Secret.class, "cdc-credentials").getStringData())
                .containsEntry("AWS_RDS_HOST", "db.example.com");
    }

    @Test
    void serviceMonitorOnlyWhenAsked() {
        assertThat(Chart.render()).noneMatch(o -> o.getKind().equals("ServiceMonitor"));
        assertThat(Chart.render(List.of(), Map.of("connect.metrics.serviceMonitor.enabled", "true")))
                .anyMatch(o -> o.getKind().equals("ServiceMonitor"));
    }

    private static String checksum(List<HasMetadata> objects) {
        return Chart.one(objects, Deployment.class, "kafka-connect").getSpec().getTemplate().getMetadata()
                .getAnnotations().get("checksum/config");
    }

    private static List<PodSpec> podSpecs(List<HasMetadata> objects) {
        List<PodSpec> specs = new ArrayList<>();
        for (HasMetadata object : objects) {
            if (object instanceof Deployment d) {
                specs.add(d.getSpec().getTemplate().getSpec());
            } else if (object instanceof StatefulSet s) {
                specs.add(s.getSpec().getTemplate().getSpec());
            } else if (object instanceof Job j) {
                specs.add(j.getSpec().getTemplate().getSpec());
            } else if (object instanceof Pod p) {
                specs.add(p.getSpec());
            }
        }
        return specs;
    }

}
