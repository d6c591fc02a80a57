package io.github.cdcbundle.configprovider;

import io.github.cdcbundle.testkit.ReadmeTables;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The options table in config-provider/README.md is generated from SecretsConfig.CONFIG_DEF ({@link ReadmeTables}). */
class DocsTest {
    @Test
    void readmeOptionsTableMatchesTheCode() {
        ReadmeTables.checkOptions(Map.of("secrets", SecretsConfig.CONFIG_DEF));
    }
}
