package io.github.cdcbundle.s3sink;

import io.github.cdcbundle.s3sink.parquet.TypeTable;
import java.io.IOException;
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
        GeneratedSection.assertCurrent(readme, BEGIN, END, TypeTable.markdown(), "Parquet type table");
    }
}
