package io.github.cdcbundle.testkit;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;

/**
 * The one generator of the Markdown options tables our READMEs carry, from a plugin's ConfigDef, so the docs cannot
 * drift from the code. Each plugin's {@code DocsTest} checks its README with it ({@link ReadmeTables}); it lives in
 * the test kit, not in the plugins, because no plugin needs it at run time.
 */
public final class ConfigDocs {
    private ConfigDocs() {
    }

    /** One row per option, in definition order (options are defined group by group). */
    public static String markdownTable(ConfigDef def) {
        StringBuilder sb = new StringBuilder();
        sb.append("| Option | Type | Default | Valid values | Importance | Description |\n");
        sb.append("| --- | --- | --- | --- | --- | --- |\n");
        for (ConfigDef.ConfigKey key : def.configKeys().values()) {
            sb.append("| `").append(key.name).append("` | ")
                    .append(key.type.name().toLowerCase(Locale.ROOT)).append(" | ")
                    .append(defaultOf(key)).append(" | ")
                    .append(escape(validValues(key))).append(" | ")
                    .append(key.importance.name().toLowerCase(Locale.ROOT)).append(" | ")
                    .append(escape(key.documentation)).append(" |\n");
        }
        return sb.toString();
    }

    private static String validValues(ConfigDef.ConfigKey key) {
        if (key.validator == null) {
            return "";
        }
        String text = key.validator.toString();
        // A lambda validator has no useful toString; the description says what is accepted.
        return text.contains("$$Lambda") || text.contains("$Lambda") ? "" : text;
    }

    private static String defaultOf(ConfigDef.ConfigKey key) {
        if (!key.hasDefault()) {
            return "(required)";
        }
        Object value = key.defaultValue;
        if (value instanceof Password) {
            return "(hidden)";
        }
        if (value instanceof List) {
            value = ((List<?>) value).stream().map(String::valueOf).collect(Collectors.joining(","));
        }
        String text = String.valueOf(value);
        return text.isEmpty() ? "\"\"" : "`" + text + "`";
    }

    private static String escape(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
    }
}
