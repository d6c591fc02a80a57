package io.github.cdcbundle.converters;

import io.github.cdcbundle.testkit.ReadmeTables;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The options table in converters/README.md is generated from the converter's ConfigDef ({@link ReadmeTables}). */
class DocsTest {
    @Test
    void readmeOptionsTableMatchesTheCode() {
        ReadmeTables.checkOptions(Map.of("converter", AnalystJsonConverterConfig.OPTIONS));
    }
}
