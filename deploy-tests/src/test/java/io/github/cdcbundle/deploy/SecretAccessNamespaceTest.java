package io.github.cdcbundle.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 14: the worker's ServiceAccount may read its Secret in whatever namespace the chart (helm install -n NS) or
 * k8s/ (kustomize's namespace:) puts it, not only in the namespace the chart was rendered for. The RoleBinding's
 * subject names no namespace, and Kubernetes' RBAC authorizer then takes the binding's own namespace (the release's):
 * pkg/registry/rbac/validation/rule.go, appliesToUser, and the API server accepts a namespace-less ServiceAccount
 * subject on a RoleBinding (only a ClusterRoleBinding requires one). {@link #mayGet} follows those rules.
 */
class SecretAccessNamespaceTest {

    @ParameterizedTest
    @ValueSource(strings = {"cdc-project", "team-a"})
    void helmInstallIntoAnyNamespaceLetsTheWorkerReadItsSecret(String namespace) {
        List<HasMetadata> objects = Chart.parseStrictly(Chart.template(Chart.RELEASE, namespace, List.of(), Map.of()));
        placeIn(objects, namespace);

        assertWorkerMayReadItsSecret(objects, namespace);
    }

    /** k8s/cdc.yaml applied with kustomize's `namespace: another-team` (README: another namespace for k8s/). */
    @Test
    void k8sInAnotherNamespaceLetsTheWorkerReadItsSecret() {
        List<HasMetadata> objects = Chart.parseStrictly(Chart.read(ManifestsDriftTest.MANIFEST));
        // kustomize sets metadata.namespace on every namespaced object, and a subject's namespace only when the subject
        // is named "default" (its namespace transformer's default mode): ours keeps none.
        assertThat(objects).filteredOn(RoleBinding.class::isInstance).map(RoleBinding.class::cast)
                .flatExtracting(RoleBinding::getSubjects).extracting(Subject::getName).doesNotContain("default");
        placeIn(objects, "another-team");

        assertWorkerMayReadItsSecret(objects, "another-team");
    }

    /** The check fails for a subject pinned to another namespace (what issue 14 found: k8s/ worked only in cdc). */
    @Test
    void aSubjectPinnedToAnotherNamespaceGrantsNothingHere() {
        List<HasMetadata> objects = Chart.parseStrictly(Chart.template(Chart.RELEASE, "team-a", List.of(), Map.of()));
        placeIn(objects, "team-a");
        objects.stream().filter(RoleBinding.class::isInstance).map(RoleBinding.class::cast)
                .forEach(b -> b.getSubjects().forEach(s -> s.setNamespace("cdc")));

        Deployment worker = Chart.one(objects, Deployment.class, "kafka-connect");
        assertThat(mayGet(objects, "team-a", worker.getSpec().getTemplate().getSpec().getServiceAccountName(), "secrets",
                secretName(objects))).isFalse();
    }

    private static void assertWorkerMayReadItsSecret(List<HasMetadata> objects, String namespace) {
        Deployment worker = Chart.one(objects, Deployment.class, "kafka-connect");
        String account = worker.getSpec().getTemplate().getSpec().getServiceAccountName();
        assertThat(Chart.one(objects, ServiceAccount.class, account).getMetadata().getNamespace()).isEqualTo(namespace);
        String secret = secretName(objects);

        assertThat(mayGet(objects, namespace, account, "secrets", secret))
                .as("system:serviceaccount:%s:%s may get Secret %s", namespace, account, secret).isTrue();
        assertThat(mayGet(objects, namespace, account, "secrets", "some-other-secret")).as("and no other Secret").isFalse();
    }

    /** The Secret the worker's config provider reads (from the worker's own namespace: its service account's). */
    private static String secretName(List<HasMetadata> objects) {
        return Chart.one(objects, ConfigMap.class, "kafka-connect").getData()
                .get("CONNECT_CONFIG_PROVIDERS_SECRETS_PARAM_KUBERNETES_DEFAULT_SECRETS");
    }

    /** What `helm install -n NS` and `kubectl apply -n NS` do to objects that name no namespace. */
    private static void placeIn(List<HasMetadata> objects, String namespace) {
        objects.forEach(o -> o.getMetadata().setNamespace(namespace));
    }

    /** Kubernetes' RBAC for a ServiceAccount and a namespaced resource, through RoleBindings to Roles. */
    static boolean mayGet(List<HasMetadata> objects, String namespace, String account, String resource, String name) {
        for (HasMetadata object : objects) {
            if (!(object instanceof RoleBinding binding) || !namespace.equals(binding.getMetadata().getNamespace())) {
                continue;
            }
            boolean applies = binding.getSubjects().stream().anyMatch(s -> "ServiceAccount".equals(s.getKind())
                    && account.equals(s.getName())
                    && namespace.equals(s.getNamespace() == null || s.getNamespace().isEmpty()
                            ? binding.getMetadata().getNamespace() : s.getNamespace()));
            if (!applies || !"Role".equals(binding.getRoleRef().getKind())) {
                continue;
            }
            Role role = objects.stream().filter(Role.class::isInstance).map(Role.class::cast)
                    .filter(r -> r.getMetadata().getName().equals(binding.getRoleRef().getName())
                            && namespace.equals(r.getMetadata().getNamespace()))
                    .findFirst().orElse(null);
            if (role != null && role.getRules().stream().anyMatch(rule -> grants(rule, resource, name))) {
                return true;
            }
        }
        return false;
    }

    private static boolean grants(PolicyRule rule, String resource, String name) {
        return rule.getApiGroups().contains("") && rule.getResources().contains(resource)
                && (rule.getVerbs().contains("get") || rule.getVerbs().contains("*"))
                && (rule.getResourceNames() == null || rule.getResourceNames().isEmpty() || rule.getResourceNames().contains(name));
    }
}
