package io.github.cdcbundle.configprovider.source;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Secrets through the Kubernetes API (one GET per Secret per TTL) and decodes their {@code data}. The API
 * server merges {@code stringData} into {@code data} on write and never returns it, so only {@code data} is read.
 */
public final class KubernetesSecrets {
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesSecrets.class);

    private final KubernetesClient client;
    private final String ownNamespace;
    private final ExpiringCache<String, Optional<Map<String, String>>> cache;

    public KubernetesSecrets(KubernetesClient client, String ownNamespace,
            ExpiringCache<String, Optional<Map<String, String>>> cache) {
        this.client = client;
        this.ownNamespace = ownNamespace;
        this.cache = cache;
    }

    /** The namespace {@code ${secrets:NAME:KEY}} reads from. */
    public String ownNamespace() {
        return ownNamespace;
    }

    /**
     * The decoded data of Secret NAMESPACE/NAME, or empty when it does not exist.
     *
     * @throws ConfigException when the API refuses or fails; the message names the Secret and the HTTP status only
     */
    public Optional<Map<String, String>> read(String namespace, String name) {
        return cache.get(namespace + "/" + name, () -> fetch(namespace, name));
    }

    private Optional<Map<String, String>> fetch(String namespace, String name) {
        Secret secret;
        try {
            secret = client.secrets().inNamespace(namespace).withName(name).get();
        } catch (KubernetesClientException e) {
            throw failure(namespace, name, e);
        }
        LOG.debug("Read Kubernetes Secret {}/{}: {}", namespace, name, secret == null ? "not found" : "found");
        if (secret == null) {
            return Optional.empty();
        }
        Map<String, String> decoded = new HashMap<>();
        Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
        for (Map.Entry<String, String> entry : data.entrySet()) {
            try {
                byte[] bytes = Base64.getDecoder().decode(entry.getValue() == null ? "" : entry.getValue());
                decoded.put(entry.getKey(), new String(bytes, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("Kubernetes Secret " + namespace + "/" + name + ": the data of key '"
                        + entry.getKey() + "' is not valid base64");
            }
        }
        return Optional.of(Map.copyOf(decoded));
    }

    private static ConfigException failure(String namespace, String name, KubernetesClientException e) {
        String where = "Kubernetes Secret " + namespace + "/" + name;
        ConfigException error;
        if (e.getCode() == 403) {
            error = new ConfigException("Reading " + where + " was refused (HTTP 403): the worker's service account "
                    + "needs 'get' on this Secret (a Role with resourceNames, see the config provider's README)");
        } else if (e.getCode() == 401) {
            error = new ConfigException("Reading " + where + " was not authenticated (HTTP 401): check the "
                    + "service account token or the kubeconfig");
        } else if (e.getCode() > 0) {
            error = new ConfigException("Cannot read " + where + ": HTTP " + e.getCode());
        } else {
            error = new ConfigException("Cannot read " + where + ": the Kubernetes API could not be reached ("
                    + networkCause(e).getClass().getSimpleName() + ")");
        }
        // The client's own message holds the request URL and the API's status text, never Secret data.
        error.initCause(e);
        return error;
    }

    /** The outermost java.net failure (ConnectException, UnknownHostException, HttpTimeoutException), else the root. */
    private static Throwable networkCause(Throwable t) {
        Throwable cause = t;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
            if (cause.getClass().getName().startsWith("java.net.")) {
                return cause;
            }
        }
        return cause;
    }

    @Override
    public String toString() {
        return "KubernetesSecrets[namespace=" + ownNamespace + "]";
    }
}
