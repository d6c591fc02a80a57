package io.github.cdcbundle.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdcbundle.testkit.RdsSetupSql;
import org.junit.jupiter.api.Test;

/** The .env the tests write must be what config-provider's DotEnvParserTest reads back as the exact password. */
class DotEnvFileTest {
    @Test
    void theCdcPasswordIsWrittenInEscapedDoubleQuotes() {
        assertThat(DotEnvFile.quote(RdsSetupSql.CDC_PASSWORD)).isEqualTo("\"c'd\\\"c \\$ecret#1=\\\\ x\"");
        assertThat(DotEnvFile.quote("a\nb")).isEqualTo("\"a\\nb\"");
    }
}
