package io.github.cdcbundle.smt;

import io.github.cdcbundle.testkit.ReadmeTables;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The options tables in smt/README.md are generated from the transforms' CONFIG_DEFs ({@link ReadmeTables}). */
class DocsTest {
    @Test
    void readmeOptionTablesMatchTheCode() {
        ReadmeTables.checkOptions(Map.of("flatten", FlattenChangeEvent.CONFIG_DEF,
                "rds-metadata", RdsMetadata.CONFIG_DEF));
    }
}
