package io.github.cdcbundle.configprovider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cdcbundle.configprovider.source.DotEnvParser;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DotEnvParserTest {
    @Test
    void theFormatsALaptopDotEnvUses() {
        Map<String, String> values = DotEnvParser.parse(".env", List.of(
                "# RDS",
                "",
                "AWS_RDS_HOST=mydb.abc123.eu-west-1.rds.amazonaws.com",
                "export AWS_RDS_USER = replicator   ",
                "AWS_RDS_PASSWORD='p#ss word \\n'  # single quotes keep everything",
                "DOUBLE=\"line1\\nline2 \\\"q\\\" \\\\ \\$x\"",
                "UNQUOTED=a#b c # comment",
                "EMPTY=",
                "  INDENTED=yes",
                "dotted.key-1=v",
                "AWS_RDS_HOST=last-wins"));
        assertThat(values).containsExactlyInAnyOrderEntriesOf(Map.of(
                "AWS_RDS_HOST", "last-wins",
                "AWS_RDS_USER", "replicator",
                "AWS_RDS_PASSWORD", "p#ss word \\n",
                "DOUBLE", "line1\nline2 \"q\" \\ $x",
                "UNQUOTED", "a#b c",
                "EMPTY", "",
                "INDENTED", "yes",
                "dotted.key-1", "v"));
    }

    /**
     * The e2e tests' CDC password (quotes, $, #, =, a backslash, a space), as e2e's DotEnvFile writes it (double
     * quotes, escaped) and as a user would type it unquoted: both read back exactly.
     */
    @Test
    void aPasswordThatNeedsQuotingReadsBackExactly() {
        String password = "c'd\"c $ecret#1=\\ x";
        Map<String, String> values = DotEnvParser.parse(".env", List.of(
                "QUOTED=\"c'd\\\"c \\$ecret#1=\\\\ x\"",
                "UNQUOTED=c'd\"c $ecret#1=\\ x"));
        assertThat(values).containsEntry("QUOTED", password).containsEntry("UNQUOTED", password);
    }

    static Stream<Arguments> malformedLines() {
        return Stream.of(
                Arguments.of("just-a-secret-value", "expected KEY=VALUE"),
                Arguments.of("=nokey", "expected KEY=VALUE"),
                Arguments.of("1KEY=v", "expected KEY=VALUE"),
                Arguments.of("K='unterminated", "unterminated single quote"),
                Arguments.of("K=\"unterminated", "unterminated double quote"),
                Arguments.of("K='v' trailing", "unexpected text after the closing quote"),
                Arguments.of("K=\"v\"trailing", "unexpected text after the closing quote"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("malformedLines")
    void errorsNameTheLineNumberButNeverTheLine(String line, String problem) {
        assertThatThrownBy(() -> DotEnvParser.parse(".env file /w/.env", List.of("# first", "OK=1", line)))
                .isInstanceOf(ConfigException.class)
                .hasMessage(".env file /w/.env line 3: " + problem);
    }
}
