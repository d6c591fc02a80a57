package io.github.cdcbundle.s3sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.jupiter.api.Test;

/** The README's options table must be what CONFIG_DEF generates. */
class ReadmeOptionsTest {
    @Test
    void readmeOptionsTableIsGeneratedFromConfigDef() throws IOException {
        Path readme = Paths.get(System.getProperty("s3sink.readme", "README.md"));
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        int begin = text.indexOf(ConfigDocs.BEGIN);
        int end = text.indexOf(ConfigDocs.END);
        assertThat(begin).as("README has the options markers").isGreaterThanOrEqualTo(0);
        assertThat(end).isGreaterThan(begin);
        String current = text.substring(begin + ConfigDocs.BEGIN.length(), end);
        String expected = "\n" + ConfigDocs.markdownTable(S3SinkConfig.CONFIG_DEF);
        if (Boolean.getBoolean("s3sink.updateReadme") && !current.equals(expected)) {
            Files.writeString(readme, text.substring(0, begin + ConfigDocs.BEGIN.length()) + expected
                + text.substring(end), StandardCharsets.UTF_8);
            current = expected;
        }
        assertThat(current).as("README options table is stale: run with -Ds3sink.updateReadme=true")
            .isEqualTo(expected);
    }
}
