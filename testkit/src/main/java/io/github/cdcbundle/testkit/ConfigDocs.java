package io.github.cdcbundle.testkit;

import java.util.List;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Renders a ConfigDef as the Markdown options table our READMEs carry, so the docs cannot drift from the code. Used by
 * each plugin's docs test; it lives here, not in the plugins, because no plugin needs it at run time.
 */
public final class ConfigDocs {
    private ConfigDocs() {
    }

    public static String markdownTable(ConfigDef def) {
        StringBuilder sb = new StringBuilder();
        sb.append("| Option | Type | Default | Valid values | Importance | Description |\n");
        sb.append("| --- | --- | --- | --- | --- | --- |\n");
        List<ConfigDef.ConfigKey> keys = List.copyOf(def.configKeys().values());
        for (ConfigDef.ConfigKey key : keys) {
            sb.append("| `").append(key.name).append("` | ")
                    .append(key.type.toString().toLowerCase()).append(" | ")
                    .append(defaultOf(key)).append(" | ")
                    .append(key.validator == null ? "" : escape(key.validator.toString())).append(" | ")
                    .append(key.importance.toString().toLowerCase()).append(" | ")
                    .append(escape(key.documentation)).append(" |\n");
        }
        return sb.toString();
    }

    private static String defaultOf(ConfigDef.ConfigKey key) {
        if (!key.hasDefault()) {
            return "(required)";
        }
        Object value = key.defaultValue;
        if (value instanceof List) {
            value = String.join(",", ((List<?>) value).stream().map(String::valueOf).toList());
        }
        String text = value == null ? "null" : value.toString();
        return text.isEmpty() ? "\"\"" : "`" + text + "`";
    }

    private static String escape(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
