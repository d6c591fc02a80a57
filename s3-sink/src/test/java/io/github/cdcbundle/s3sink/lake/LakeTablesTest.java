package io.github.cdcbundle.s3sink.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command's bad input: one line naming the option, before any connection to Kafka. */
class LakeTablesTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        return LakeTables.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String firstErrorLine() {
        return err.toString(StandardCharsets.UTF_8).lines().findFirst().orElse("");
    }

    @Test
    void anUnknownOptionPrintsTheUsage() {
        assertThat(run(Map.of(), "--bucket", "b", "--nope", "x")).isEqualTo(2);
        assertThat(firstErrorLine()).isEqualTo("lake-tables: unknown option --nope");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(LakeTables.USAGE);
        assertThat(out.size()).isZero();
    }

    @Test
    void theBrokersComeFromTheOptionOrTheWorkersEnvironment() {
        assertThat(run(Map.of(), "--bucket", "b", "--topics-regex", "shop\\..*")).isEqualTo(1);
        assertThat(firstErrorLine())
                .isEqualTo("lake-tables: --bootstrap-servers (or CONNECT_BOOTSTRAP_SERVERS) is required");
    }

    @Test
    void choicesAndNumbersAreCheckedBeforeKafkaIsAsked() {
        Map<String, String> env = Map.of("CONNECT_BOOTSTRAP_SERVERS", "127.0.0.1:1");
        assertThat(run(env, "--bucket", "b", "--topics-regex", "x", "--format", "xml")).isEqualTo(1);
        assertThat(firstErrorLine()).isEqualTo("lake-tables: --format must be one of [json, parquet], not xml");
        err.reset();
        assertThat(run(env, "--bucket", "b", "--topics-regex", "x", "--dialect", "sqlite")).isEqualTo(1);
        assertThat(firstErrorLine()).isEqualTo("lake-tables: --dialect must be one of [athena, duckdb], not sqlite");
        err.reset();
        assertThat(run(env, "--bucket", "b", "--topics-regex", "(", "--years", "2")).isEqualTo(1);
        assertThat(firstErrorLine()).startsWith("lake-tables: --topics-regex is not a regular expression");
        err.reset();
        assertThat(run(env, "--bucket", "b", "--topics-regex", "x", "--years", "ten")).isEqualTo(1);
        assertThat(firstErrorLine()).isEqualTo("lake-tables: --years must be a number, not ten");
    }
}
