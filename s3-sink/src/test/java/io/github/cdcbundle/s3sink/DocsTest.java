package io.github.cdcbundle.s3sink;

import io.github.cdcbundle.s3sink.parquet.TypeTable;
import io.github.cdcbundle.testkit.ReadmeTables;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The generated tables in s3-sink/README.md: the options from CONFIG_DEF, the Parquet types from the mapping code. */
class DocsTest {
    @Test
    void readmeOptionsTableMatchesTheCode() {
        ReadmeTables.checkOptions(Map.of("s3-sink", S3SinkConfig.CONFIG_DEF));
    }

    @Test
    void readmeParquetTypeTableMatchesTheMapping() {
        ReadmeTables.check(Map.of("parquet-types", TypeTable.markdown()));
    }
}
