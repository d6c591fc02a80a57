package io.github.cdcbundle.configprovider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigData;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Kubernetes source against fabric8's mock API server in CRUD mode, over real HTTP. */
class KubernetesSourceTest {
    private static KubernetesMock mock;
    private static String own;

    private final MutableClock clock = new MutableClock();
    private SecretsConfigProvider provider;

    @BeforeAll
    static void startServer() {
        mock = new KubernetesMock();
        own = mock.namespace();
    }

    @AfterAll
    static void stopServer() {
        mock.close();
    }

    @BeforeEach
    void secrets() {
        mock.put(own, "rds", Map.of("password", "pässwörd-1", "user", "replicator"));
        mock.put(own, "app-defaults", Map.of("AWS_RDS_HOST", "mydb.abc123.eu-west-1.rds.amazonaws.com"));
        mock.put("shared", "s3", Map.of("access-key", "AKIA-shared"));
        mock.put("forbidden-ns", "s3", Map.of("access-key", "AKIA-forbidden"));
    }

    @AfterEach
    void closeProvider() {
        if (provider != null) {
            provider.close();
        }
    }

    private SecretsConfigProvider provider(Map<String, String> extra) {
        Map<String, String> props = new HashMap<>(Map.of("sources", "kubernetes,env", "ttl.ms", "60000"));
        props.putAll(extra);
        provider = new SecretsConfigProvider(mock.client, Map.of("ONLY_IN_ENV", "env-value"), clock);
        provider.configure(props);
        return provider;
    }

    @Test
    void nameAndKeyReadsTheWorkersNamespaceAndDecodesBase64() {
        ConfigData data = provider(Map.of()).get("rds", Set.of("password", "user"));
        assertThat(data.data()).containsExactlyInAnyOrderEntriesOf(
                Map.of("password", "pässwörd-1", "user", "replicator"));
        assertThat(data.ttl()).isEqualTo(60_000L);
    }

    @Test
    void keyAloneSearchesTheDefaultSecretsThenTheNextSources() {
        provider(Map.of("kubernetes.default.secrets", "missing-is-fine,app-defaults"));
        assertThat(provider.get("", Set.of("AWS_RDS_HOST", "ONLY_IN_ENV")).data()).containsExactlyInAnyOrderEntriesOf(
                Map.of("AWS_RDS_HOST", "mydb.abc123.eu-west-1.rds.amazonaws.com", "ONLY_IN_ENV", "env-value"));
        assertThatThrownBy(() -> provider.get("", Set.of("NOWHERE")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Secret key 'NOWHERE' not found; looked in: Kubernetes Secret " + own
                        + "/missing-is-fine, Kubernetes Secret " + own + "/app-defaults, environment");
    }

    @Test
    void otherNamespacesOnlyWhenAllowed() {
        provider(Map.of("allowed.namespaces", "shared"));
        assertThat(provider.get("shared/s3", Set.of("access-key")).data()).containsEntry("access-key", "AKIA-shared");
        assertThatThrownBy(() -> provider.get("forbidden-ns/s3", Set.of("access-key")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Secret reference 'forbidden-ns/s3:access-key' denied: namespace 'forbidden-ns' is not in "
                        + "allowed.namespaces");
        assertThat(provider.get(own + "/rds", Set.of("user")).data()).containsEntry("user", "replicator");
    }

    @Test
    void byDefaultNoOtherNamespaceIsAllowed() {
        provider(Map.of());
        assertThatThrownBy(() -> provider.get("shared/s3", Set.of("access-key")))
                .hasMessage("Secret reference 'shared/s3:access-key' denied: namespace 'shared' is not in "
                        + "allowed.namespaces");
    }

    @Test
    void secretAndKeyAllowLists() {
        provider(Map.of("allowed.secrets", "rds,shared/*", "allowed.namespaces", "*",
                "allowed.keys", "password,access-*"));
        assertThat(provider.get("rds", Set.of("password")).data()).containsEntry("password", "pässwörd-1");
        assertThat(provider.get("shared/s3", Set.of("access-key")).data()).containsEntry("access-key", "AKIA-shared");
        assertThatThrownBy(() -> provider.get("app-defaults", Set.of("password")))
                .hasMessage("Secret reference 'app-defaults:password' denied: Secret " + own + "/app-defaults is not "
                        + "in allowed.secrets");
        assertThatThrownBy(() -> provider.get("forbidden-ns/s3", Set.of("access-key")))
                .hasMessage("Secret reference 'forbidden-ns/s3:access-key' denied: Secret forbidden-ns/s3 is not in "
                        + "allowed.secrets");
        assertThatThrownBy(() -> provider.get("rds", Set.of("user")))
                .hasMessage("Secret reference 'rds:user' denied: key 'user' is not in allowed.keys");
        assertThat(provider.get("rds").data()).containsOnlyKeys("password");
    }

    @Test
    void aDefaultSecretOutsideTheAllowListIsRejectedAtConfigure() {
        assertThatThrownBy(() -> provider(Map.of("allowed.secrets", "rds",
                "kubernetes.default.secrets", "app-defaults")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value app-defaults for configuration kubernetes.default.secrets: Secret is not in "
                        + "allowed.secrets");
    }

    @Test
    void missingSecretAndMissingKeySayWhereTheyLooked() {
        provider(Map.of());
        assertThatThrownBy(() -> provider.get("nope", Set.of("password")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Kubernetes Secret " + own + "/nope not found (reading key 'password')");
        assertThatThrownBy(() -> provider.get("rds", Set.of("passwd")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Kubernetes Secret " + own + "/rds has no key 'passwd'");
    }

    @Test
    void anUpdatedSecretIsPickedUpOnceTheTtlExpires() {
        provider(Map.of());
        assertThat(provider.get("rds", Set.of("password")).data()).containsEntry("password", "pässwörd-1");
        mock.put(own, "rds", Map.of("password", "pässwörd-2", "user", "replicator"));
        clock.advanceMillis(59_999);
        assertThat(provider.get("rds", Set.of("password")).data()).as("cached within the TTL")
                .containsEntry("password", "pässwörd-1");
        clock.advanceMillis(1);
        ConfigData data = provider.get("rds", Set.of("password"));
        assertThat(data.data()).containsEntry("password", "pässwörd-2");
        assertThat(data.ttl()).isEqualTo(60_000L);
    }

    @Test
    void aDeletedSecretIsReportedMissingAfterTheTtl() {
        provider(Map.of());
        mock.put(own, "short-lived", Map.of("k", "v"));
        assertThat(provider.get("short-lived", Set.of("k")).data()).containsEntry("k", "v");
        mock.client.secrets().inNamespace(own).withName("short-lived").delete();
        clock.advanceMillis(60_000);
        assertThatThrownBy(() -> provider.get("short-lived", Set.of("k")))
                .hasMessage("Kubernetes Secret " + own + "/short-lived not found (reading key 'k')");
    }

    @Test
    void refusedReadsNameTheSecretAndTheFix() {
        mock.server.expect().get().withPath("/api/v1/namespaces/" + own + "/secrets/locked")
                .andReturn(403, new StatusBuilder().withCode(403).withReason("Forbidden")
                        .withMessage("secrets \"locked\" is forbidden").build())
                .always();
        provider(Map.of());
        assertThatThrownBy(() -> provider.get("locked", Set.of("k")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Reading Kubernetes Secret " + own + "/locked was refused (HTTP 403): the worker's service "
                        + "account needs 'get' on this Secret (a Role with resourceNames, see the config provider's "
                        + "README)");
    }

    @Test
    void invalidBase64IsReportedWithoutTheData() {
        mock.client.secrets().inNamespace(own).resource(new SecretBuilder().withNewMetadata().withName("broken")
                .endMetadata().withData(Map.of("k", "not base64 !!")).build()).create();
        provider(Map.of());
        assertThatThrownBy(() -> provider.get("broken", Set.of("k")))
                .hasMessage("Kubernetes Secret " + own + "/broken: the data of key 'k' is not valid base64");
    }

    @Test
    void theNamespaceOptionOverridesTheClients() {
        mock.put("team", "rds", Map.of("password", "team-pw"));
        provider(Map.of("kubernetes.namespace", "team"));
        assertThat(provider.get("rds", Set.of("password")).data()).containsEntry("password", "team-pw");
    }

    @Test
    void anInjectedClientIsNotClosedByTheProvider() {
        provider(Map.of()).close();
        provider = null;
        assertThat(mock.client.secrets().inNamespace(own).withName("rds").get()).isNotNull();
    }
}
