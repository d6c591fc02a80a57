package io.github.cdcbundle.configprovider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigData;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sources a laptop and a pod without API access use: environment, .env file and mounted Secret folders. */
class LocalSourcesTest {
    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock();
    private SecretsConfigProvider provider;

    @AfterEach
    void close() {
        if (provider != null) {
            provider.close();
        }
    }

    private SecretsConfigProvider provider(Map<String, String> env, Map<String, String> props) {
        provider = new SecretsConfigProvider(null, env, clock);
        provider.configure(props);
        return provider;
    }

    @Test
    void getBeforeConfigureIsAnIllegalState() {
        SecretsConfigProvider unconfigured = new SecretsConfigProvider(null, Map.of(), clock);
        assertThatThrownBy(() -> unconfigured.get("", Set.of("K")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("SecretsConfigProvider is not configured: call configure() first");
        assertThatThrownBy(() -> unconfigured.get("name"))
                .isInstanceOf(IllegalStateException.class);
        assertThat(unconfigured).hasToString("SecretsConfigProvider[not configured]");
    }

    @Test
    void defaultSourcesAreTheEnvironmentThenTheDotEnvFile() throws IOException {
        Path dotenv = dir.resolve(".env");
        Files.writeString(dotenv, "A=from-dotenv\nB=from-dotenv\n");
        provider(Map.of("A", "from-env"), Map.of("dotenv.path", dotenv.toString()));
        ConfigData data = provider.get("", Set.of("A", "B"));
        assertThat(data.data()).containsExactlyInAnyOrderEntriesOf(Map.of("A", "from-env", "B", "from-dotenv"));
        assertThat(data.ttl()).isEqualTo(600_000L);
    }

    @Test
    void theConfiguredOrderWins() throws IOException {
        Path dotenv = dir.resolve(".env");
        Files.writeString(dotenv, "A=from-dotenv\n");
        provider(Map.of("A", "from-env"), Map.of("sources", "dotenv,env", "dotenv.path", dotenv.toString()));
        assertThat(provider.get("", Set.of("A")).data()).containsEntry("A", "from-dotenv");
    }

    @Test
    void aMissingKeySaysWhereItLooked() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("mounted"));
        Path dotenv = dir.resolve("absent.env");
        provider(Map.of(), Map.of("sources", "folder,env,dotenv", "folder.paths", folder.toString(),
                "dotenv.path", dotenv.toString()));
        assertThatThrownBy(() -> provider.get("", Set.of("AWS_RDS_PASSWORD")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Secret key 'AWS_RDS_PASSWORD' not found; looked in: Secret folder " + folder
                        + ", environment, .env file " + dotenv.toAbsolutePath());
    }

    @Test
    void secretFoldersHoldOneFilePerKeyAndAreSearchedInOrder() throws IOException {
        Path first = Files.createDirectory(dir.resolve("first"));
        Path second = Files.createDirectory(dir.resolve("second"));
        Files.writeString(first.resolve("password"), "s3cr3t-first");
        Files.writeString(second.resolve("password"), "s3cr3t-second");
        Files.writeString(second.resolve("user.name"), "replicator\n");
        Files.createDirectory(first.resolve("dir-is-not-a-key"));
        provider(Map.of(), Map.of("sources", "folder", "folder.paths", first + "," + second));
        assertThat(provider.get("", Set.of("password", "user.name")).data()).containsExactlyInAnyOrderEntriesOf(
                Map.of("password", "s3cr3t-first", "user.name", "replicator\n"));
        assertThatThrownBy(() -> provider.get("", Set.of("dir-is-not-a-key")))
                .hasMessageStartingWith("Secret key 'dir-is-not-a-key' not found; looked in: Secret folder " + first);
    }

    @Test
    void aFolderFileChangedByTheKubeletIsReadOnTheNextLookup() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("mounted"));
        Files.writeString(folder.resolve("K"), "v1");
        provider(Map.of(), Map.of("sources", "folder", "folder.paths", folder.toString()));
        assertThat(provider.get("", Set.of("K")).data()).containsEntry("K", "v1");
        Files.writeString(folder.resolve("K"), "v2");
        assertThat(provider.get("", Set.of("K")).data()).containsEntry("K", "v2");
    }

    @Test
    void aChangedDotEnvFileIsReadAgainOnceTheTtlExpires() throws IOException {
        Path dotenv = dir.resolve(".env");
        Files.writeString(dotenv, "K=v1\n");
        provider(Map.of(), Map.of("sources", "dotenv", "dotenv.path", dotenv.toString(), "ttl.ms", "1000"));
        assertThat(provider.get("", Set.of("K")).data()).containsEntry("K", "v1");
        Files.writeString(dotenv, "K=v2\n");
        clock.advanceMillis(999);
        assertThat(provider.get("", Set.of("K")).data()).containsEntry("K", "v1");
        clock.advanceMillis(1);
        ConfigData data = provider.get("", Set.of("K"));
        assertThat(data.data()).containsEntry("K", "v2");
        assertThat(data.ttl()).isEqualTo(1000L);
    }

    @Test
    void ttlZeroReadsEveryTimeAndReportsNoTtl() throws IOException {
        Path dotenv = dir.resolve(".env");
        Files.writeString(dotenv, "K=v1\n");
        provider(Map.of(), Map.of("sources", "dotenv", "dotenv.path", dotenv.toString(), "ttl.ms", "0"));
        assertThat(provider.get("", Set.of("K")).ttl()).isNull();
        Files.writeString(dotenv, "K=v2\n");
        assertThat(provider.get("", Set.of("K")).data()).containsEntry("K", "v2");
    }

    @Test
    void aMalformedDotEnvNamesTheLineButNotItsContent() throws IOException {
        Path dotenv = dir.resolve(".env");
        Files.writeString(dotenv, "OK=1\nhunter2-password-without-key\n");
        provider(Map.of(), Map.of("sources", "dotenv", "dotenv.path", dotenv.toString()));
        assertThatThrownBy(() -> provider.get("", Set.of("OK")))
                .isInstanceOf(ConfigException.class)
                .hasMessage(".env file " + dotenv.toAbsolutePath() + " line 2: expected KEY=VALUE");
    }

    @Test
    void allowedKeysRestrictsEverySource() {
        provider(Map.of("AWS_SECRET_ACCESS_KEY", "worker-own", "DB_PASSWORD", "pw"),
                Map.of("sources", "env", "allowed.keys", "DB_*"));
        assertThat(provider.get("", Set.of("DB_PASSWORD")).data()).containsEntry("DB_PASSWORD", "pw");
        assertThatThrownBy(() -> provider.get("", Set.of("AWS_SECRET_ACCESS_KEY")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Secret reference 'AWS_SECRET_ACCESS_KEY' denied: key 'AWS_SECRET_ACCESS_KEY' is not in "
                        + "allowed.keys");
    }

    @Test
    void namedSecretsNeedTheKubernetesSource() {
        provider(Map.of(), Map.of("sources", "env"));
        assertThatThrownBy(() -> provider.get("rds", Set.of("password")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Secret reference 'rds:password' names a Kubernetes Secret, but sources does not list "
                        + "kubernetes");
        assertThatThrownBy(() -> provider.get(""))
                .hasMessage("The default sources cannot be listed: reference each key as KEY");
    }

    @Test
    void invalidReferencesFailBeforeAnySourceIsRead() {
        provider(Map.of(), Map.of("sources", "env"));
        assertThatThrownBy(() -> provider.get("", Set.of("a b")))
                .hasMessageStartingWith("Invalid secret reference 'a b': expected KEY, NAME:KEY or NAMESPACE/NAME:KEY");
    }

    @Test
    void optionsAreValidatedWithPreciseMessages() {
        Map<String, String> props = new HashMap<>();
        props.put("sources", "env,vault");
        assertThatThrownBy(() -> provider(Map.of(), props))
                .hasMessage("Invalid value vault for configuration sources: Unknown source: expected a list of "
                        + "kubernetes, folder, env, dotenv");
        assertThatThrownBy(() -> provider(Map.of(), Map.of("sources", "env,env")))
                .hasMessage("Invalid value env for configuration sources: Source listed twice");
        assertThatThrownBy(() -> provider(Map.of(), Map.of("sources", "folder")))
                .hasMessage("Invalid value  for configuration folder.paths: sources lists folder: name at least one "
                        + "folder");
        assertThatThrownBy(() -> provider(Map.of(), Map.of("sources", "env", "kubernetes.default.secrets", "a")))
                .hasMessage("Invalid value a for configuration kubernetes.default.secrets: Secrets are named but "
                        + "sources does not list kubernetes");
        assertThatThrownBy(() -> provider(Map.of(), Map.of("allowed.key", "DB_*")))
                .hasMessage("Unknown option 'allowed.key' for the secrets config provider; known options: "
                        + "allowed.keys, allowed.namespaces, allowed.secrets, dotenv.path, folder.paths, "
                        + "kubernetes.context, kubernetes.default.secrets, kubernetes.namespace, "
                        + "kubernetes.request.retries, kubernetes.request.timeout.ms, sources, ttl.ms");
        assertThatThrownBy(() -> provider(Map.of(), Map.of("ttl.ms", "-1")))
                .hasMessage("Invalid value -1 for configuration ttl.ms: Value must be at least 0");
    }

    @Test
    void toStringShowsOptionsButNoValue() {
        provider(Map.of("K", "do-not-print-me"), Map.of("sources", "env"));
        provider.get("", Set.of("K"));
        assertThat(provider.toString()).doesNotContain("do-not-print-me")
                .isEqualTo("SecretsConfigProvider[SecretsConfig[sources=[ENV], ttl.ms=600000, allowed.namespaces=[], "
                        + "allowed.secrets=[*], allowed.keys=[*]]]");
    }
}
