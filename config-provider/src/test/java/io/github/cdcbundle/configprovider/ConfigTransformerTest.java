package io.github.cdcbundle.configprovider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigTransformer;
import org.apache.kafka.common.config.ConfigTransformerResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The three forms through Kafka's own ConfigTransformer (what the worker runs on a connector config), so the mapping
 * of ${secrets:...} onto get(path, keys) is tested against Kafka's regex rather than our reading of it.
 */
class ConfigTransformerTest {
    private static KubernetesMock mock;
    private static SecretsConfigProvider provider;

    @BeforeAll
    static void start() {
        mock = new KubernetesMock();
        mock.put(mock.namespace(), "rds", Map.of("password", "pw-own"));
        mock.put("shared", "s3", Map.of("secret", "pw-shared"));
        provider = new SecretsConfigProvider(mock.client, Map.of("AWS_RDS_HOST", "db.example"), new MutableClock());
        provider.configure(Map.of("sources", "kubernetes,env", "allowed.namespaces", "shared", "ttl.ms", "30000"));
    }

    @AfterAll
    static void stop() {
        provider.close();
        mock.close();
    }

    @Test
    void allThreeFormsResolveAndEveryPathCarriesTheTtl() {
        ConfigTransformerResult result = new ConfigTransformer(Map.of("secrets", provider)).transform(Map.of(
                "database.hostname", "${secrets:AWS_RDS_HOST}",
                "database.password", "${secrets:rds:password}",
                "aws.secret", "${secrets:shared/s3:secret}",
                "jdbc.url", "jdbc:postgresql://${secrets:AWS_RDS_HOST}:5432/db",
                "plain", "no placeholder"));
        assertThat(result.data()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "database.hostname", "db.example",
                "database.password", "pw-own",
                "aws.secret", "pw-shared",
                "jdbc.url", "jdbc:postgresql://db.example:5432/db",
                "plain", "no placeholder"));
        assertThat(result.ttls()).containsExactlyInAnyOrderEntriesOf(
                Map.of("", 30_000L, "rds", 30_000L, "shared/s3", 30_000L));
    }

    @Test
    void aKeyWithAColonIsRejectedNotMisread() {
        // Kafka's lazy path group turns ${secrets:a:b:c} into path "a", key "b:c".
        ConfigTransformer transformer = new ConfigTransformer(Map.of("secrets", provider));
        assertThatThrownBy(() -> transformer.transform(Map.of("x", "${secrets:a:b:c}")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid secret reference 'a:b:c': expected KEY, NAME:KEY or "
                        + "NAMESPACE/NAME:KEY");
    }
}
