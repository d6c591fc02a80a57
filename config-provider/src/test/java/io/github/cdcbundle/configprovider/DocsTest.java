package io.github.cdcbundle.configprovider;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdcbundle.testkit.ConfigDocs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The options table in config-provider/README.md is generated from CONFIG_DEF. This test fails when it is stale; run
 * it with {@code -Ddocs.update=true} to rewrite it.
 */
class DocsTest {
    private static final Path README = Path.of("README.md");

    @Test
    void readmeOptionsTableMatchesTheCode() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        String start = "<!-- options:secrets:start -->\n";
        String end = "<!-- options:secrets:end -->";
        int from = readme.indexOf(start);
        int to = readme.indexOf(end);
        assertThat(from).as("marker " + start.trim()).isGreaterThanOrEqualTo(0);
        assertThat(to).as("marker " + end).isGreaterThan(from);
        String updated = readme.substring(0, from + start.length())
                + ConfigDocs.markdownTable(SecretsConfig.CONFIG_DEF) + readme.substring(to);
        if (Boolean.getBoolean("docs.update")) {
            Files.writeString(README, updated, StandardCharsets.UTF_8);
        }
        assertThat(readme).as("config-provider/README.md options table is stale: run mvn -pl config-provider test "
                + "-Dtest=DocsTest -Ddocs.update=true").isEqualTo(updated);
    }
}
