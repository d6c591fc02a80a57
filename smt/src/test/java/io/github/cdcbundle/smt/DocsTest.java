package io.github.cdcbundle.smt;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdcbundle.testkit.ConfigDocs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

/**
 * The options tables in smt/README.md are generated from CONFIG_DEF. This test fails when they are stale; run it with
 * {@code -Ddocs.update=true} to rewrite them.
 */
class DocsTest {
    private static final Path README = Path.of("README.md");

    @Test
    void readmeOptionTablesMatchTheCode() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        String updated = replace(readme, "flatten", FlattenChangeEvent.CONFIG_DEF);
        updated = replace(updated, "rds-metadata", RdsMetadata.CONFIG_DEF);
        if (Boolean.getBoolean("docs.update")) {
            Files.writeString(README, updated, StandardCharsets.UTF_8);
        }
        assertThat(readme).as("smt/README.md options tables are stale: run mvn -pl smt test -Dtest=DocsTest "
                + "-Ddocs.update=true").isEqualTo(updated);
    }

    private static String replace(String text, String name, ConfigDef def) {
        String start = "<!-- options:" + name + ":start -->\n";
        String end = "<!-- options:" + name + ":end -->";
        int from = text.indexOf(start);
        int to = text.indexOf(end);
        assertThat(from).as("marker " + start.trim()).isGreaterThanOrEqualTo(0);
        assertThat(to).as("marker " + end).isGreaterThan(from);
        return text.substring(0, from + start.length()) + ConfigDocs.markdownTable(def) + text.substring(to);
    }
}
