package io.github.cdcbundle.configprovider;

import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigException;

/**
 * One parsed {@code ${secrets:...}} reference.
 *
 * <p>Kafka's {@code ConfigTransformer} splits a variable with the pattern {@code \$\{([^}]*?):(([^}]*?):)?([^}]*?)\}}
 * and calls the provider with {@code get(path, keys)}:
 * <ul>
 *   <li>{@code ${secrets:KEY}} arrives as path {@code ""} and key {@code KEY}: a lookup in the default sources;</li>
 *   <li>{@code ${secrets:NAME:KEY}} arrives as path {@code NAME}: Secret NAME in the worker's namespace;</li>
 *   <li>{@code ${secrets:NAMESPACE/NAME:KEY}} arrives as path {@code NAMESPACE/NAME}.</li>
 * </ul>
 * Because the path group is lazy, {@code ${secrets:a:b:c}} arrives as path {@code a} and key {@code b:c}, and
 * {@code ${secrets::KEY}} is indistinguishable from {@code ${secrets:KEY}}. This parser accepts exactly the three forms
 * and rejects anything else with one message, so a typo never silently reads from the wrong place.
 *
 * @param namespace the namespace written in the reference, or null for the worker's own namespace
 * @param name the Secret name, or null for a default-sources reference
 * @param key the key, or null for a path on its own ({@code get(path)} lists every key of a Secret)
 */
public record SecretReference(String namespace, String name, String key) {
    /** RFC 1123 label: what Kubernetes accepts as a namespace name. */
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    /** RFC 1123 subdomain: what Kubernetes accepts as a Secret name. */
    private static final Pattern NAME =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    /** What Kubernetes accepts as a Secret data key; environment variable names are a subset. */
    private static final Pattern KEY = Pattern.compile("[-._a-zA-Z0-9]+");
    private static final int MAX_NAME = 253;

    static final String SYNTAX = "expected KEY, NAME:KEY or NAMESPACE/NAME:KEY, where NAMESPACE is a DNS-1123 label, "
            + "NAME a DNS-1123 subdomain and KEY a non-empty run of letters, digits, '-', '_' and '.' other than "
            + "'.' and '..'";

    /**
     * Checks the parts as Kubernetes would: a namespace only with a name, each valid where present.
     *
     * @throws ConfigException naming the reference (never a value) when a part is not valid
     */
    public SecretReference {
        boolean valid = (key == null || validKey(key)) && (name == null
                ? namespace == null
                : name.length() <= MAX_NAME && NAME.matcher(name).matches()
                        && (namespace == null || NAMESPACE.matcher(namespace).matches()));
        if (!valid) {
            throw invalid(written(namespace, name, key));
        }
    }

    /**
     * Parses the path and key that {@code ConfigTransformer} hands to the provider.
     *
     * @throws ConfigException naming the reference (never a value) when it is not one of the three forms
     */
    public static SecretReference parse(String path, String key) {
        String p = path == null ? "" : path;
        if (key == null) {
            throw invalid(p.isEmpty() ? "" : p + ":");
        }
        if (p.isEmpty()) {
            return new SecretReference(null, null, key);
        }
        int slash = p.indexOf('/');
        return new SecretReference(slash < 0 ? null : p.substring(0, slash), p.substring(slash + 1), key);
    }

    /** Checks a path on its own, for {@code get(path)} which lists every key of a Secret. */
    static SecretReference parsePath(String path) {
        SecretReference withKey = parse(path, "_");
        return new SecretReference(withKey.namespace, withKey.name, null);
    }

    private static boolean validKey(String key) {
        return key.length() <= MAX_NAME && KEY.matcher(key).matches() && !key.equals(".") && !key.equals("..");
    }

    private static ConfigException invalid(String shown) {
        return new ConfigException("Invalid secret reference '" + shown + "': " + SYNTAX);
    }

    private static String written(String namespace, String name, String key) {
        String where = name == null ? "" : (namespace == null ? "" : namespace + "/") + name + ":";
        return where + (key == null ? "" : key);
    }

    /** True for {@code ${secrets:KEY}}: the key is looked up in the default sources in order. */
    public boolean isDefault() {
        return name == null;
    }

    /** The reference as written after the provider name; holds no value, so it is safe in messages. */
    @Override
    public String toString() {
        return written(namespace, name, key);
    }
}
