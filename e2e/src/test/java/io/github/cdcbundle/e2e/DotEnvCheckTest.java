package io.github.cdcbundle.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local pipeline's --env mode: the .env read by our config provider (loaded from its plugin folder, as the worker
 * loads it) and one line per bad value, naming the key, never the value.
 */
class DotEnvCheckTest {
    @TempDir
    Path dir;

    private static Map<String, String> read(Path file) {
        return ProviderDotEnv.read(Path.of(System.getProperty("cdc.plugins")).resolve("cdc-config-provider"), file);
    }

    private Map<String, String> example() throws IOException {
        return read(Path.of(System.getProperty("cdc.connectors", "../connectors")).getParent()
                .resolve(".env.example"));
    }

    @Test
    void theShippedExampleIsUsable() throws IOException {
        assertThat(DotEnvCheck.problem(example())).isEmpty();
    }

    @Test
    void readsTheFileAsTheWorkerWillInlineCommentsQuotesExportAndSeedKeys() throws IOException {
        Path file = dir.resolve(".env");
        // AWS_RDS_PORT with an inline comment once passed the worker and failed this check: one reader now.
        Files.writeString(file, "# comment\n\nexport AWS_RDS_HOST=db.example.com\nAWS_RDS_PORT=5432 # pg\n"
                + "AWS_RDS_USER=\"cdc user\"\nAWS_RDS_DBNAME=shop\nS3_BUCKET_NAME='my-lake'\n");
        assertThat(read(file)).containsEntry("AWS_RDS_HOST", "db.example.com").containsEntry("AWS_RDS_PORT", "5432")
                .containsEntry("AWS_RDS_USER", "cdc user").containsEntry("AWS_RDS_DATABASE", "shop")
                .containsEntry("S3_BUCKET", "my-lake");
    }

    /** .env.example's advice: an unquoted password reads the same here as in the config provider and run.sh. */
    @Test
    void anUnquotedPasswordWithQuotesAndSignsReadsBackExactly() throws IOException {
        Path file = dir.resolve(".env");
        Files.writeString(file, "AWS_RDS_PASSWORD=" + io.github.cdcbundle.testkit.RdsSetupSql.CDC_PASSWORD + "\n");
        assertThat(read(file)).containsEntry("AWS_RDS_PASSWORD",
                io.github.cdcbundle.testkit.RdsSetupSql.CDC_PASSWORD);
    }

    @Test
    void eachProblemIsOneLineNamingTheKeyNotTheValue() throws IOException {
        Map<String, String> env = new HashMap<>(example());
        env.put("AWS_RDS_PASSWORD", "");
        assertThat(DotEnvCheck.problem(env)).contains("AWS_RDS_PASSWORD is missing or empty (see .env.example)");

        env = new HashMap<>(example());
        env.put("AWS_RDS_PORT", "54x2");
        assertThat(DotEnvCheck.problem(env)).contains("AWS_RDS_PORT must be a port number between 1 and 65535");

        env = new HashMap<>(example());
        env.put("S3_ENDPOINT", "minio:9000");
        assertThat(DotEnvCheck.problem(env)).contains("S3_ENDPOINT must be an http(s) URL, or empty for AWS S3");

        env = new HashMap<>(example());
        env.put("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEVALUE");
        assertThat(DotEnvCheck.problem(env).orElseThrow()).isEqualTo("AWS_SECRET_ACCESS_KEY must be set together "
                + "with AWS_ACCESS_KEY_ID (or both left empty for IAM roles)").doesNotContain("AKIAEXAMPLEVALUE");

        env = new HashMap<>(example());
        env.put("S3_PATH_STYLE_ACCESS", "yes");
        assertThat(DotEnvCheck.problem(env)).contains("S3_PATH_STYLE_ACCESS must be true or false");
    }
}
