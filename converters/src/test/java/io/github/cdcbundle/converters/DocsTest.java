package io.github.cdcbundle.converters;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdcbundle.testkit.ConfigDocs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The options table in converters/README.md is generated from the ConfigDef. This test fails when it is stale; run
 * it with {@code -Ddocs.update=true} to rewrite it.
 */
class DocsTest {
    private static final Path README = Path.of("README.md");

    @Test
    void readmeOptionsTableMatchesTheCode() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        String start = "<!-- options:converter:start -->\n";
        String end = "<!-- options:converter:end -->";
        int from = readme.indexOf(start);
        int to = readme.indexOf(end);
        assertThat(from).as("marker " + start.trim()).isGreaterThanOrEqualTo(0);
        assertThat(to).as("marker " + end).isGreaterThan(from);
        String updated = readme.substring(0, from + start.length())
                + ConfigDocs.markdownTable(AnalystJsonConverterConfig.OPTIONS) + readme.substring(to);
        if (Boolean.getBoolean("docs.update")) {
            Files.writeString(README, updated, StandardCharsets.UTF_8);
        }
        assertThat(readme).as("converters/README.md options table is stale: run mvn -pl converters test "
                + "-Dtest=DocsTest -Ddocs.update=true").isEqualTo(updated);
    }
}
