package io.github.cdcbundle.configprovider.source;

import java.util.Optional;

/** One of {@code kubernetes.default.secrets}, searched for {@code ${secrets:KEY}}; a missing Secret holds no keys. */
public final class KubernetesSecretSource implements SecretSource {
    private final KubernetesSecrets secrets;
    private final String name;

    public KubernetesSecretSource(KubernetesSecrets secrets, String name) {
        this.secrets = secrets;
        this.name = name;
    }

    @Override
    public String describe() {
        return "Kubernetes Secret " + secrets.ownNamespace() + "/" + name;
    }

    @Override
    public Optional<String> find(String key) {
        return secrets.read(secrets.ownNamespace(), name).map(data -> data.get(key));
    }

    @Override
    public String toString() {
        return "KubernetesSecretSource[" + secrets.ownNamespace() + "/" + name + "]";
    }
}
