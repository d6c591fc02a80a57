package io.github.cdcbundle.s3sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdcbundle.s3sink.parquet.TypeTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/** The README's Parquet type table must be what the mapping code produces (-Ds3sink.updateReadme=true rewrites it). */
class ParquetTypeTableTest {
    static final String BEGIN = "<!-- parquet-types:start -->\n";
    static final String END = "<!-- parquet-types:end -->";

    @Test
    void readmeTypeTableIsGeneratedFromTheMapping() throws IOException {
        Path readme = Paths.get(System.getProperty("s3sink.readme", "README.md"));
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        assertThat(begin).as("README has the parquet-types markers").isGreaterThanOrEqualTo(0);
        assertThat(end).isGreaterThan(begin);
        String current = text.substring(begin + BEGIN.length(), end);
        String expected = TypeTable.markdown();
        if (Boolean.getBoolean("s3sink.updateReadme") && !current.equals(expected)) {
            Files.writeString(readme, text.substring(0, begin + BEGIN.length()) + expected + text.substring(end),
                StandardCharsets.UTF_8);
            current = expected;
        }
        assertThat(current).as("README Parquet type table is stale: run with -Ds3sink.updateReadme=true")
            .isEqualTo(expected);
    }
}
