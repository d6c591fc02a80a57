package io.github.cdcbundle.configprovider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client the provider builds itself (as in a worker), configured by fabric8's own system properties the way a pod
 * configures it by files: a rotated service-account token is re-read from its file, and an unreachable API fails
 * with a message that names the Secret and the cause's type only.
 */
class OwnClientTest {
    private static final List<String> PROPERTIES = List.of("kubernetes.master", "kubernetes.namespace",
            "kubernetes.auth.tryKubeConfig", "kubernetes.auth.tryServiceAccount",
            "kubernetes.auth.serviceAccount.token", "kubeconfig");

    @TempDir
    Path dir;

    private SecretsConfigProvider provider;

    @AfterEach
    void clean() {
        if (provider != null) {
            provider.close();
        }
        PROPERTIES.forEach(System::clearProperty);
    }

    private void configure(String master, Path tokenFile) {
        System.setProperty("kubernetes.master", master);
        System.setProperty("kubernetes.namespace", "cdc");
        System.setProperty("kubernetes.auth.tryKubeConfig", "false");
        System.setProperty("kubernetes.auth.tryServiceAccount", String.valueOf(tokenFile != null));
        if (tokenFile != null) {
            System.setProperty("kubernetes.auth.serviceAccount.token", tokenFile.toString());
        }
        provider = new SecretsConfigProvider();
        provider.configure(Map.of("sources", "kubernetes", "ttl.ms", "0", "kubernetes.request.retries", "0"));
    }

    @Test
    void aRotatedServiceAccountTokenIsReadAgainFromItsFile() throws Exception {
        Path token = dir.resolve("token");
        Files.writeString(token, "token-1");
        try (KubernetesMock mock = new KubernetesMock()) {
            mock.put("cdc", "rds", Map.of("password", "pw"));
            configure("http://" + mock.server.getHostName() + ":" + mock.server.getPort(), token);
            assertThat(provider.get("rds", Set.of("password")).data()).containsEntry("password", "pw");

            // The kubelet rewrites the projected token; the API server stops accepting the old one.
            Files.writeString(token, "token-2");
            mock.server.expect().get().withPath("/api/v1/namespaces/cdc/secrets/rds")
                    .andReturn(401, new StatusBuilder().withCode(401).withReason("Unauthorized").build()).once();
            assertThat(provider.get("rds", Set.of("password")).data()).containsEntry("password", "pw");

            List<String> authorizations = new ArrayList<>();
            for (RecordedRequest r = mock.server.takeRequest(1, TimeUnit.SECONDS); r != null;
                    r = mock.server.takeRequest(100, TimeUnit.MILLISECONDS)) {
                if (r.getRequestLine().startsWith("GET /api/v1/namespaces/cdc/secrets/rds")) {
                    authorizations.add(r.getHeader("Authorization"));
                }
            }
            assertThat(authorizations).as("first read, the refused read, and the retry after re-reading the file")
                    .containsExactly("Bearer token-1", "Bearer token-1", "Bearer token-2");
        }
    }

    @Test
    void outsideAClusterTheKubeconfigContextChoosesServerUserAndNamespace() throws Exception {
        try (KubernetesMock mock = new KubernetesMock()) {
            mock.put("team", "rds", Map.of("password", "team-pw"));
            String server = "http://" + mock.server.getHostName() + ":" + mock.server.getPort();
            Path kubeconfig = dir.resolve("config");
            Files.writeString(kubeconfig, String.join("\n",
                    "apiVersion: v1",
                    "kind: Config",
                    "clusters:",
                    "- name: mock",
                    "  cluster: {server: '" + server + "'}",
                    "users:",
                    "- name: dev",
                    "  user: {token: kubeconfig-token}",
                    "contexts:",
                    "- name: laptop",
                    "  context: {cluster: mock, user: dev, namespace: team}",
                    "- name: other",
                    "  context: {cluster: mock, user: dev, namespace: elsewhere}",
                    "current-context: other",
                    ""));
            System.setProperty("kubeconfig", kubeconfig.toString());
            System.setProperty("kubernetes.auth.tryKubeConfig", "true");
            System.setProperty("kubernetes.auth.tryServiceAccount", "false");
            provider = new SecretsConfigProvider();
            provider.configure(Map.of("sources", "kubernetes", "kubernetes.context", "laptop"));
            assertThat(provider.get("rds", Set.of("password")).data()).containsEntry("password", "team-pw");
            RecordedRequest request = mock.server.takeRequest(1, TimeUnit.SECONDS);
            while (request != null
                    && !request.getRequestLine().startsWith("GET /api/v1/namespaces/team/secrets/rds")) {
                request = mock.server.takeRequest(1, TimeUnit.SECONDS);
            }
            assertThat(request).isNotNull();
            assertThat(request.getHeader("Authorization")).isEqualTo("Bearer kubeconfig-token");
        }
    }

    @Test
    void anUnreachableApiNamesTheSecretAndTheFailureType() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        configure("http://127.0.0.1:" + closedPort, null);
        assertThatThrownBy(() -> provider.get("rds", Set.of("password")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Cannot read Kubernetes Secret cdc/rds: the Kubernetes API could not be reached "
                        + "(ConnectException)");
    }
}
