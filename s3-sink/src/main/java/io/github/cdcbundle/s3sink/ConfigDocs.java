package io.github.cdcbundle.s3sink;

import java.util.Collection;
import java.util.List;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;

/**
 * Renders {@link S3SinkConfig#CONFIG_DEF} as the Markdown options table of the README. A test fails when the README
 * is stale; {@code mvn -pl s3-sink test -Dtest=ReadmeOptionsTest -Ds3sink.updateReadme=true} rewrites it.
 */
public final class ConfigDocs {
    public static final String BEGIN = "<!-- options:begin (generated from S3SinkConfig.CONFIG_DEF; do not edit) -->";
    public static final String END = "<!-- options:end -->";

    private ConfigDocs() {
    }

    public static String markdownTable(ConfigDef def) {
        StringBuilder sb = new StringBuilder();
        sb.append("| option | type | default | valid values | importance | description |\n");
        sb.append("| --- | --- | --- | --- | --- | --- |\n");
        // Definition order: options are defined group by group.
        Collection<ConfigDef.ConfigKey> keys = def.configKeys().values();
        for (ConfigDef.ConfigKey key : keys) {
            sb.append("| `").append(key.name).append("` | ")
                .append(key.type.name().toLowerCase(java.util.Locale.ROOT)).append(" | ")
                .append(defaultValue(key)).append(" | ")
                .append(key.validator == null ? "" : escape(validValues(key))).append(" | ")
                .append(key.importance.name().toLowerCase(java.util.Locale.ROOT)).append(" | ")
                .append(escape(key.documentation)).append(" |\n");
        }
        return sb.toString();
    }

    private static String validValues(ConfigDef.ConfigKey key) {
        String text = key.validator.toString();
        // Lambda validators have no useful toString; the description says what is accepted.
        return text.contains("$$Lambda") || text.contains("$Lambda") ? "" : text;
    }

    private static String defaultValue(ConfigDef.ConfigKey key) {
        if (!key.hasDefault()) {
            return "(required)";
        }
        Object value = key.defaultValue;
        if (value == null) {
            return "null";
        }
        if (value instanceof Password) {
            return "(hidden)";
        }
        if (value instanceof List) {
            return ((List<?>) value).isEmpty() ? "\"\"" : "`" + String.join(",", ((List<?>) value).stream()
                .map(Object::toString).toArray(String[]::new)) + "`";
        }
        String text = value.toString();
        return text.isEmpty() ? "\"\"" : "`" + text + "`";
    }

    private static String escape(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
    }

    public static void main(String[] args) {
        System.out.print(markdownTable(S3SinkConfig.CONFIG_DEF));
    }
}
