package io.github.cdcbundle.configprovider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: the seed README's .env, verbatim, must resolve every key connectors/*.json references; our own names keep
 * working, and a setting given both ways with different values is one error naming both keys.
 */
class SeedKeysTest {
    static final Path SEED_ENV = Path.of("src/test/resources/dotenv/seed.env");
    static final Set<String> CONNECTOR_KEYS = Set.of("AWS_RDS_HOST", "AWS_RDS_PORT", "AWS_RDS_USER",
            "AWS_RDS_PASSWORD", "AWS_RDS_DATABASE", "AWS_RDS_SSLMODE", "AWS_RDS_INSTANCE", "AWS_REGION",
            "CDC_TOPIC_PREFIX", "CDC_SLOT_NAME", "CDC_PUBLICATION_NAME", "CDC_TABLES", "S3_BUCKET", "S3_ENDPOINT",
            "S3_PATH_STYLE_ACCESS", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");

    @TempDir
    Path dir;
    private SecretsConfigProvider provider;

    @AfterEach
    void close() {
        if (provider != null) {
            provider.close();
        }
    }

    private SecretsConfigProvider dotenv(Path file) {
        provider = new SecretsConfigProvider(null, Map.of(), new MutableClock());
        provider.configure(Map.of("sources", "dotenv", "dotenv.path", file.toString()));
        return provider;
    }

    @Test
    void theSeedEnvResolvesEveryKeyTheConnectorsRead() {
        Map<String, String> data = dotenv(SEED_ENV).get("", CONNECTOR_KEYS).data();

        assertThat(data).containsEntry("AWS_RDS_HOST", "your-rds-endpoint.region.rds.amazonaws.com")
                .containsEntry("AWS_RDS_DATABASE", "your_database_name")
                .containsEntry("CDC_SLOT_NAME", "debezium_slot")
                .containsEntry("S3_BUCKET", "your-cdc-bucket-name")
                .containsEntry("CDC_TABLES", "public.your_table_name")
                .containsEntry("AWS_RDS_SSLMODE", "require")
                .containsEntry("CDC_TOPIC_PREFIX", "cdc")
                .containsEntry("S3_PATH_STYLE_ACCESS", "false")
                .containsEntry("AWS_RDS_PORT", "5432");
        assertThat(data.keySet()).isEqualTo(CONNECTOR_KEYS);
    }

    @Test
    void aCommaListOfTablesTakesTheSchemaUnlessQualified() throws IOException {
        Path env = dir.resolve(".env");
        Files.writeString(env, "POSTGRES_SCHEMA_TO_TRACK=sales\nPOSTGRES_TABLE_TO_TRACK=orders, public.customers ,items\n");
        assertThat(dotenv(env).get("", Set.of("CDC_TABLES")).data())
                .containsEntry("CDC_TABLES", "sales.orders,public.customers,sales.items");
    }

    @Test
    void ourNamesWinAndTheSameValueBothWaysIsFine() throws IOException {
        Path env = dir.resolve(".env");
        Files.writeString(env, "AWS_RDS_HOST=db.example.com\nAWS_RDS_ENDPOINT=db.example.com\nAWS_RDS_SSLMODE=verify-full\n"
                + "CDC_TABLES=public.a\nPOSTGRES_TABLE_TO_TRACK=a\nS3_BUCKET=\nS3_BUCKET_NAME=lake\n");
        assertThat(dotenv(env).get("", Set.of("AWS_RDS_HOST", "AWS_RDS_SSLMODE", "CDC_TABLES", "S3_BUCKET")).data())
                .containsEntry("AWS_RDS_HOST", "db.example.com").containsEntry("AWS_RDS_SSLMODE", "verify-full")
                .containsEntry("CDC_TABLES", "public.a").containsEntry("S3_BUCKET", "lake");
    }

    @Test
    void aKeyGivenBothWaysWithDifferentValuesIsOneErrorWithoutValues() throws IOException {
        Path env = dir.resolve(".env");
        Files.writeString(env, "AWS_RDS_DATABASE=shop\nAWS_RDS_DBNAME=s3cr3t-db\n");
        assertThatThrownBy(() -> dotenv(env).get("", Set.of("AWS_RDS_DATABASE")))
                .isInstanceOf(ConfigException.class)
                .hasMessage(".env file " + env.toAbsolutePath().normalize()
                        + ": AWS_RDS_DATABASE and AWS_RDS_DBNAME are both set, to different values: keep one");
    }

    @Test
    void theEnvironmentSourceKnowsTheSeedNamesToo() {
        provider = new SecretsConfigProvider(null, Map.of("REPLICATION_SLOT_NAME", "slot_a"), new MutableClock());
        provider.configure(Map.of("sources", "env"));
        assertThat(provider.get("", Set.of("CDC_SLOT_NAME")).data()).containsEntry("CDC_SLOT_NAME", "slot_a");
    }
}
