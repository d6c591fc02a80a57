package io.github.cdcbundle.s3sink;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.jupiter.api.Test;

/** The README's options table must be what CONFIG_DEF generates. */
class ReadmeOptionsTest {
    @Test
    void readmeOptionsTableIsGeneratedFromConfigDef() throws IOException {
        Path readme = Paths.get(System.getProperty("s3sink.readme", "README.md"));
        GeneratedSection.assertCurrent(readme, ConfigDocs.BEGIN, ConfigDocs.END,
            "\n" + ConfigDocs.markdownTable(S3SinkConfig.CONFIG_DEF), "options table");
    }
}
