package io.github.cdcbundle.configprovider;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;

/**
 * fabric8's mock API server in CRUD mode (real HTTP; create, update and delete work as on a cluster), with
 * expectations on top for the answers CRUD mode cannot give (403). The client uses the JDK HTTP client, as the
 * provider does.
 */
final class KubernetesMock implements AutoCloseable {
    /** The mock server logs each request through java.util.logging at INFO; held so the setting is not collected. */
    private static final java.util.logging.Logger QUIET = quiet();

    final KubernetesMockServer server;
    final NamespacedKubernetesClient client;

    KubernetesMock() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
        server.init();
        client = server.createClient(new JdkHttpClientFactory());
    }

    private static java.util.logging.Logger quiet() {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }

    /** The namespace the mock's client calls its own. */
    String namespace() {
        return client.getNamespace();
    }

    void put(String namespace, String name, Map<String, String> plain) {
        Map<String, String> data = new LinkedHashMap<>();
        plain.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        Secret secret = new SecretBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withData(data).build();
        client.secrets().inNamespace(namespace).resource(secret).createOr(op -> op.update());
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
