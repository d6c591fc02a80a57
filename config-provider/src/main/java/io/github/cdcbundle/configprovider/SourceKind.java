package io.github.cdcbundle.configprovider;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigException;

/** The kinds of source the {@code sources} option lists, in the order they are searched for {@code ${secrets:KEY}}. */
public enum SourceKind {
    /** Secrets read through the Kubernetes API (the only kind that serves {@code NAME:KEY} references). */
    KUBERNETES,
    /** Folders holding one file per key, as a Secret volume mount lays them out. */
    FOLDER,
    /** The worker's process environment. */
    ENV,
    /** A {@code .env} file of {@code KEY=VALUE} lines. */
    DOTENV;

    /** The name used in the {@code sources} option. */
    public String optionValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The one parser for the {@code sources} option, used by its validator and by {@code configure()}. */
    public static List<SourceKind> parseList(String option, List<?> values) {
        List<SourceKind> kinds = new ArrayList<>();
        for (Object value : values) {
            String text = String.valueOf(value).trim();
            SourceKind kind = null;
            for (SourceKind k : values()) {
                if (k.optionValue().equalsIgnoreCase(text)) {
                    kind = k;
                }
            }
            if (kind == null) {
                throw new ConfigException(option, value,
                        "Unknown source: expected a list of kubernetes, folder, env, dotenv");
            }
            if (kinds.contains(kind)) {
                throw new ConfigException(option, value, "Source listed twice");
            }
            kinds.add(kind);
        }
        if (kinds.isEmpty()) {
            throw new ConfigException(option, values, "List at least one source");
        }
        return List.copyOf(kinds);
    }
}
