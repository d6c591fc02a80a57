package io.github.cdcbundle.configprovider;

import io.github.cdcbundle.common.ConfigParsers;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The provider's options: the worker passes {@code config.providers.<alias>.param.<option>} as {@code <option>}.
 * Holds only names, paths and patterns, never a secret value.
 */
public final class SecretsConfig extends AbstractConfig {
    public static final String SOURCES = "sources";
    public static final String TTL_MS = "ttl.ms";
    public static final String ALLOWED_NAMESPACES = "allowed.namespaces";
    public static final String ALLOWED_SECRETS = "allowed.secrets";
    public static final String ALLOWED_KEYS = "allowed.keys";
    public static final String KUBERNETES_NAMESPACE = "kubernetes.namespace";
    public static final String KUBERNETES_CONTEXT = "kubernetes.context";
    public static final String KUBERNETES_DEFAULT_SECRETS = "kubernetes.default.secrets";
    public static final String KUBERNETES_REQUEST_TIMEOUT_MS = "kubernetes.request.timeout.ms";
    public static final String KUBERNETES_REQUEST_RETRIES = "kubernetes.request.retries";
    public static final String FOLDER_PATHS = "folder.paths";
    public static final String DOTENV_PATH = "dotenv.path";

    public static final long DEFAULT_TTL_MS = 600_000L;

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(SOURCES, Type.LIST, "env,dotenv",
                    listOf("kubernetes, folder, env, dotenv (no repeats)", SourceKind::parseList),
                    Importance.HIGH, "Where ${secrets:KEY} is looked up, in this order: any of kubernetes (the "
                            + "Secrets named in " + KUBERNETES_DEFAULT_SECRETS + "), folder (" + FOLDER_PATHS
                            + "), env (the worker's environment), dotenv (" + DOTENV_PATH + "). Listing kubernetes "
                            + "also enables ${secrets:NAME:KEY} and ${secrets:NAMESPACE/NAME:KEY}.")
            .define(TTL_MS, Type.LONG, DEFAULT_TTL_MS, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                    "How long a resolved value is cached, and the TTL handed to Connect with it: with the "
                            + "connector's config.action.reload=restart (the default) Connect restarts the connector "
                            + "after this many milliseconds and resolves again, so a changed Secret is picked up "
                            + "within this time. 0 disables both the cache and the restarts.")
            .define(ALLOWED_NAMESPACES, Type.LIST, "", listOf("names or * globs", AllowList::parse),
                    Importance.HIGH, "Namespaces other than the worker's own that ${secrets:NAMESPACE/NAME:KEY} may "
                            + "read (names or * globs). Empty: only the worker's namespace.")
            .define(ALLOWED_SECRETS, Type.LIST, "*", listOf("names or * globs", AllowList::parse),
                    Importance.HIGH, "Secrets that may be read through the Kubernetes API: NAME (in the worker's "
                            + "namespace) or NAMESPACE/NAME, with * globs; * allows every Secret in an allowed "
                            + "namespace.")
            .define(ALLOWED_KEYS, Type.LIST, "*", listOf("names or * globs", AllowList::parse),
                    Importance.HIGH, "Keys that may be resolved from any source (names or * globs). List them to "
                            + "keep connector configs from reading arbitrary environment variables.")
            .define(KUBERNETES_NAMESPACE, Type.STRING, "", Importance.MEDIUM,
                    "The worker's namespace. Empty: the service account's namespace in a pod, the current "
                            + "kubeconfig context's namespace outside, else 'default'.")
            .define(KUBERNETES_CONTEXT, Type.STRING, "", Importance.LOW,
                    "The kubeconfig context to use outside a cluster. Empty: the current context.")
            .define(KUBERNETES_DEFAULT_SECRETS, Type.LIST, "", Importance.MEDIUM,
                    "Secrets in the worker's namespace searched, in order, for ${secrets:KEY} when sources "
                            + "lists kubernetes.")
            .define(KUBERNETES_REQUEST_TIMEOUT_MS, Type.INT, 10_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "How long one Kubernetes API request may take. Connect resolves configs on its herder thread, "
                            + "so a hanging request delays every connector of the worker.")
            .define(KUBERNETES_REQUEST_RETRIES, Type.INT, 3, ConfigDef.Range.between(0, 10), Importance.LOW,
                    "How often a failed Kubernetes API request (connection error, HTTP 429 or 5xx) is retried, "
                            + "with exponential back-off from 100 ms.")
            .define(FOLDER_PATHS, Type.LIST, "", Importance.MEDIUM,
                    "Folders searched, in order, for ${secrets:KEY} when sources lists folder: the value is the "
                            + "content of the file KEY (a mounted Secret volume has one file per key).")
            .define(DOTENV_PATH, Type.STRING, ".env", Importance.MEDIUM,
                    "The .env file searched for ${secrets:KEY} when sources lists dotenv, relative to the worker's "
                            + "working directory. KEY=VALUE lines, # comments, optional 'export ' and quotes. A "
                            + "missing file holds no keys.");

    /** A list option's validator: the option's one parser, with a stable description for the generated docs. */
    private static ConfigDef.Validator listOf(String description, BiConsumer<String, List<?>> parser) {
        return ConfigParsers.validator(description, (name, value) -> parser.accept(name, (List<?>) value));
    }

    private final List<SourceKind> sources;
    private final AllowList allowedNamespaces;
    private final AllowList allowedSecrets;
    private final AllowList allowedKeys;

    public SecretsConfig(Map<?, ?> props) {
        super(CONFIG_DEF, props, false);
        // A misspelt option (allowed.key for allowed.keys) would otherwise fall back to a permissive default.
        for (Object name : props.keySet()) {
            if (!CONFIG_DEF.names().contains(String.valueOf(name))) {
                throw new ConfigException("Unknown option '" + name + "' for the secrets config provider; known "
                        + "options: " + String.join(", ", CONFIG_DEF.names().stream().sorted().toList()));
            }
        }
        this.sources = SourceKind.parseList(SOURCES, getList(SOURCES));
        this.allowedNamespaces = AllowList.parse(ALLOWED_NAMESPACES, getList(ALLOWED_NAMESPACES));
        this.allowedSecrets = AllowList.parse(ALLOWED_SECRETS, getList(ALLOWED_SECRETS));
        this.allowedKeys = AllowList.parse(ALLOWED_KEYS, getList(ALLOWED_KEYS));
        if (sources.contains(SourceKind.FOLDER) && folderPaths().isEmpty()) {
            throw new ConfigException(FOLDER_PATHS, "", "sources lists folder: name at least one folder");
        }
        if (!sources.contains(SourceKind.KUBERNETES) && !defaultSecrets().isEmpty()) {
            throw new ConfigException(KUBERNETES_DEFAULT_SECRETS, String.join(",", defaultSecrets()),
                    "Secrets are named but sources does not list kubernetes");
        }
        for (String name : defaultSecrets()) {
            SecretReference.parsePath(name);
            if (name.contains("/")) {
                throw new ConfigException(KUBERNETES_DEFAULT_SECRETS, name,
                        "Default Secrets live in the worker's namespace: give the name only");
            }
        }
    }

    public List<SourceKind> sources() {
        return sources;
    }

    public long ttlMs() {
        return getLong(TTL_MS);
    }

    public AllowList allowedNamespaces() {
        return allowedNamespaces;
    }

    public AllowList allowedSecrets() {
        return allowedSecrets;
    }

    public AllowList allowedKeys() {
        return allowedKeys;
    }

    public String kubernetesNamespace() {
        return getString(KUBERNETES_NAMESPACE).trim();
    }

    public String kubernetesContext() {
        return getString(KUBERNETES_CONTEXT).trim();
    }

    public List<String> defaultSecrets() {
        return getList(KUBERNETES_DEFAULT_SECRETS).stream().map(String::trim).toList();
    }

    public int kubernetesRequestTimeoutMs() {
        return getInt(KUBERNETES_REQUEST_TIMEOUT_MS);
    }

    public int kubernetesRequestRetries() {
        return getInt(KUBERNETES_REQUEST_RETRIES);
    }

    public List<Path> folderPaths() {
        return getList(FOLDER_PATHS).stream().map(String::trim).map(Path::of).toList();
    }

    public Path dotenvPath() {
        return Path.of(getString(DOTENV_PATH).trim());
    }

    /** Names the options that shape lookups; safe to log because the config holds no values. */
    @Override
    public String toString() {
        return "SecretsConfig[sources=" + sources + ", ttl.ms=" + ttlMs() + ", allowed.namespaces=" + allowedNamespaces
                + ", allowed.secrets=" + allowedSecrets + ", allowed.keys=" + allowedKeys + "]";
    }
}
