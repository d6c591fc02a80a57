package io.github.cdcbundle.configprovider;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.github.cdcbundle.common.Version;
import io.github.cdcbundle.configprovider.source.DotEnvSource;
import io.github.cdcbundle.configprovider.source.EnvironmentSource;
import io.github.cdcbundle.configprovider.source.ExpiringCache;
import io.github.cdcbundle.configprovider.source.FolderSource;
import io.github.cdcbundle.configprovider.source.KubernetesSecretSource;
import io.github.cdcbundle.configprovider.source.KubernetesSecrets;
import io.github.cdcbundle.configprovider.source.SecretSource;
import io.github.cdcbundle.configprovider.source.SeedKeys;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigData;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.provider.ConfigProvider;
import org.apache.kafka.connect.components.Versioned;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves {@code ${secrets:KEY}}, {@code ${secrets:NAME:KEY}} and {@code ${secrets:NAMESPACE/NAME:KEY}} from
 * Kubernetes Secrets, mounted Secret folders, the environment and a {@code .env} file (see {@link SecretReference}
 * for the syntax and {@link SecretsConfig} for the options).
 *
 * <p>Thread-safe: Connect calls {@link #get} from its herder and worker threads. Values are never logged, never put
 * in an exception message and never printed by {@code toString()}; messages name the source, the Secret and the key.
 */
public final class SecretsConfigProvider implements ConfigProvider, Versioned {
    private static final Logger LOG = LoggerFactory.getLogger(SecretsConfigProvider.class);

    private final KubernetesClient injectedClient;
    private final Map<String, String> environment;
    private final Clock clock;
    private volatile State state;

    /** The constructor Connect uses: the real environment, the system clock, a client built from the options. */
    public SecretsConfigProvider() {
        this(null, System.getenv(), Clock.systemUTC());
    }

    /**
     * For tests and embedding: a Kubernetes client to use instead of building one (the provider does not close it;
     * null builds one from the options), the environment to read, and the clock the cache expires by.
     */
    public SecretsConfigProvider(KubernetesClient client, Map<String, String> environment, Clock clock) {
        this.injectedClient = client;
        this.environment = Map.copyOf(environment);
        this.clock = clock;
    }

    @Override
    public void configure(Map<String, ?> configs) {
        SecretsConfig config = new SecretsConfig(configs);
        State next = buildState(config);
        State previous = state;
        state = next;
        if (previous != null) {
            previous.close();
        }
        LOG.info("Secrets config provider {} configured: {}{}", version(), config,
                next.kubernetes == null ? "" : ", Kubernetes namespace " + next.kubernetes.ownNamespace()
                        + ", default Secrets " + config.defaultSecrets());
    }

    private State buildState(SecretsConfig config) {
        KubernetesSecrets kubernetes = null;
        KubernetesClient ownedClient = null;
        if (config.sources().contains(SourceKind.KUBERNETES)) {
            KubernetesClient client = injectedClient;
            if (client == null) {
                ownedClient = createClient(config);
                client = ownedClient;
            }
            String namespace = config.kubernetesNamespace();
            if (namespace.isEmpty()) {
                namespace = client.getNamespace() == null ? "default" : client.getNamespace();
            }
            kubernetes = new KubernetesSecrets(client, namespace, new ExpiringCache<>(clock, config.ttlMs()));
            for (String name : config.defaultSecrets()) {
                if (!secretAllowed(config, namespace, namespace, name)) {
                    closeQuietly(ownedClient);
                    throw new ConfigException(SecretsConfig.KUBERNETES_DEFAULT_SECRETS, name,
                            "Secret is not in " + SecretsConfig.ALLOWED_SECRETS);
                }
            }
        }
        List<SecretSource> sources = new ArrayList<>();
        for (SourceKind kind : config.sources()) {
            switch (kind) {
                case KUBERNETES -> {
                    for (String name : config.defaultSecrets()) {
                        sources.add(new KubernetesSecretSource(kubernetes, name));
                    }
                }
                case FOLDER -> {
                    for (Path folder : config.folderPaths()) {
                        sources.add(new FolderSource(folder));
                    }
                }
                case ENV -> sources.add(new EnvironmentSource(environment));
                case DOTENV -> sources.add(new DotEnvSource(config.dotenvPath(),
                        new ExpiringCache<>(clock, config.ttlMs())));
                default -> throw new IllegalStateException("Unhandled source " + kind);
            }
        }
        return new State(config, List.copyOf(sources), kubernetes, ownedClient);
    }

    /**
     * In a pod, fabric8 reads the service account token, CA and namespace from
     * /var/run/secrets/kubernetes.io/serviceaccount; outside, the kubeconfig (KUBECONFIG or ~/.kube/config).
     * Projected tokens rotate: fabric8's TokenRefreshInterceptor re-reads the token file (Config.refresh()) before
     * a request when the last read is over a minute old, and again after any 401.
     */
    private static KubernetesClient createClient(SecretsConfig config) {
        String context = config.kubernetesContext();
        Config clientConfig = Config.autoConfigure(context.isEmpty() ? null : context);
        clientConfig.setRequestTimeout(config.kubernetesRequestTimeoutMs());
        clientConfig.setRequestRetryBackoffLimit(config.kubernetesRequestRetries());
        clientConfig.setRequestRetryBackoffInterval(100);
        return new KubernetesClientBuilder().withConfig(clientConfig)
                .withHttpClientFactory(new JdkHttpClientFactory()).build();
    }

    @Override
    public ConfigData get(String path) {
        State s = requireConfigured();
        SecretReference where = SecretReference.parsePath(path);
        if (where.isDefault()) {
            throw new ConfigException("The default sources cannot be listed: reference each key as KEY");
        }
        String namespace = s.namespaceOf(where);
        s.checkSecret(where, namespace);
        Map<String, String> data = s.readSecret(where, namespace);
        Map<String, String> allowed = data.entrySet().stream()
                .filter(e -> s.config.allowedKeys().allows(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        return s.data(allowed);
    }

    @Override
    public ConfigData get(String path, Set<String> keys) {
        State s = requireConfigured();
        Map<String, String> values = new HashMap<>();
        for (String key : keys) {
            values.put(key, s.resolve(SecretReference.parse(path, key)));
        }
        return s.data(values);
    }

    @Override
    public void close() {
        State s = state;
        if (s != null) {
            s.close();
        }
    }

    @Override
    public String version() {
        return Version.of(SecretsConfigProvider.class);
    }

    @Override
    public String toString() {
        State s = state;
        return "SecretsConfigProvider[" + (s == null ? "not configured" : s.config.toString()) + "]";
    }

    private State requireConfigured() {
        State s = state;
        if (s == null) {
            throw new IllegalStateException("SecretsConfigProvider is not configured: call configure() first");
        }
        return s;
    }

    private static boolean secretAllowed(SecretsConfig config, String ownNamespace, String namespace, String name) {
        AllowList allowed = config.allowedSecrets();
        return allowed.allows(namespace + "/" + name) || namespace.equals(ownNamespace) && allowed.allows(name);
    }

    private static void closeQuietly(KubernetesClient client) {
        if (client != null) {
            client.close();
        }
    }

    /** Everything built from one configure() call; immutable apart from the caches inside its sources. */
    private static final class State {
        final SecretsConfig config;
        final List<SecretSource> sources;
        final KubernetesSecrets kubernetes;
        final KubernetesClient ownedClient;

        State(SecretsConfig config, List<SecretSource> sources, KubernetesSecrets kubernetes,
                KubernetesClient ownedClient) {
            this.config = config;
            this.sources = sources;
            this.kubernetes = kubernetes;
            this.ownedClient = ownedClient;
        }

        ConfigData data(Map<String, String> values) {
            long ttl = config.ttlMs();
            return ttl > 0 ? new ConfigData(values, ttl) : new ConfigData(values);
        }

        String resolve(SecretReference ref) {
            if (!config.allowedKeys().allows(ref.key())) {
                throw denied(ref, "key '" + ref.key() + "' is not in " + SecretsConfig.ALLOWED_KEYS);
            }
            if (ref.isDefault()) {
                // Each source is asked under our key and the seed README's key for it (SeedKeys), so one .env
                // written from that README serves run.sh, the local pipeline and this provider alike.
                for (SecretSource source : sources) {
                    Optional<String> value = SeedKeys.find(source.describe(), ref.key(), source::find);
                    if (value.isPresent()) {
                        LOG.debug("Resolved secret key '{}' from {}", ref.key(), source.describe());
                        return value.get();
                    }
                }
                Optional<String> fallback = SeedKeys.defaultValue(ref.key());
                if (fallback.isPresent()) {
                    LOG.debug("Secret key '{}' is in no source: using its default", ref.key());
                    return fallback.get();
                }
                throw new ConfigException("Secret key '" + ref.key() + "' not found; looked in: "
                        + (sources.isEmpty() ? "no source (kubernetes.default.secrets is empty)"
                                : sources.stream().map(SecretSource::describe).collect(Collectors.joining(", "))));
            }
            String namespace = namespaceOf(ref);
            checkSecret(ref, namespace);
            String value = readSecret(ref, namespace).get(ref.key());
            if (value == null) {
                throw new ConfigException("Kubernetes Secret " + namespace + "/" + ref.name() + " has no key '"
                        + ref.key() + "'");
            }
            LOG.debug("Resolved secret key '{}' from Kubernetes Secret {}/{}", ref.key(), namespace, ref.name());
            return value;
        }

        String namespaceOf(SecretReference ref) {
            if (kubernetes == null) {
                throw new ConfigException("Secret reference '" + ref + "' names a Kubernetes Secret, but "
                        + SecretsConfig.SOURCES + " does not list kubernetes");
            }
            return ref.namespace() == null ? kubernetes.ownNamespace() : ref.namespace();
        }

        void checkSecret(SecretReference ref, String namespace) {
            String own = kubernetes.ownNamespace();
            if (!namespace.equals(own) && !config.allowedNamespaces().allows(namespace)) {
                throw denied(ref, "namespace '" + namespace + "' is not in " + SecretsConfig.ALLOWED_NAMESPACES);
            }
            if (!secretAllowed(config, own, namespace, ref.name())) {
                throw denied(ref, "Secret " + namespace + "/" + ref.name() + " is not in "
                        + SecretsConfig.ALLOWED_SECRETS);
            }
        }

        Map<String, String> readSecret(SecretReference ref, String namespace) {
            return kubernetes.read(namespace, ref.name()).orElseThrow(() -> new ConfigException(
                    "Kubernetes Secret " + namespace + "/" + ref.name() + " not found (reading key '"
                            + (ref.key() == null ? "*" : ref.key()) + "')"));
        }

        private static ConfigException denied(SecretReference ref, String why) {
            return new ConfigException("Secret reference '" + ref + "' denied: " + why);
        }

        void close() {
            closeQuietly(ownedClient);
        }
    }
}
