package io.github.cdcbundle.configprovider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resolves values from every source, good references and bad ones, with every logger (fabric8's HTTP client too) at
 * TRACE, and checks that no value, plain or base64 as the API sends it, reaches a log line, an exception message (with
 * its causes) or a toString().
 */
class NoSecretLeakTest {
    private static final String K8S_VALUE = "k8s-Value-7f3a9c";
    private static final String ENV_VALUE = "env-Value-51d2e0";
    private static final String DOTENV_VALUE = "dotenv-Value-c0ffee";
    private static final String FOLDER_VALUE = "folder-Value-b16b00";
    private static final String MALFORMED_LINE_VALUE = "malformed-Value-dead01";
    private static final List<String> VALUES =
            List.of(K8S_VALUE, ENV_VALUE, DOTENV_VALUE, FOLDER_VALUE, MALFORMED_LINE_VALUE);

    @TempDir
    Path dir;

    @Test
    void noValueInLogsExceptionsOrToString() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("mounted"));
        Files.writeString(folder.resolve("FOLDER_KEY"), FOLDER_VALUE);
        Path dotenv = dir.resolve(".env");
        Files.writeString(dotenv, "DOTENV_KEY=" + DOTENV_VALUE + "\n");
        Path badDotenv = dir.resolve("bad.env");
        Files.writeString(badDotenv, MALFORMED_LINE_VALUE + "\n");

        List<String> texts = new ArrayList<>();
        try (KubernetesMock mock = new KubernetesMock(); CapturedLogs logs = CapturedLogs.atLevel(Level.TRACE)) {
            String own = mock.namespace();
            mock.put(own, "rds", Map.of("password", K8S_VALUE));
            mock.put(own, "defaults", Map.of("DEFAULT_KEY", K8S_VALUE));
            MutableClock clock = new MutableClock();

            SecretsConfigProvider provider =
                    new SecretsConfigProvider(mock.client, Map.of("ENV_KEY", ENV_VALUE), clock);
            provider.configure(Map.of("sources", "kubernetes,folder,env,dotenv", "kubernetes.default.secrets",
                    "defaults", "folder.paths", folder.toString(), "dotenv.path", dotenv.toString(), "ttl.ms", "1000"));
            assertThat(provider.get("", Set.of("DEFAULT_KEY", "FOLDER_KEY", "ENV_KEY", "DOTENV_KEY")).data())
                    .containsOnly(Map.entry("DEFAULT_KEY", K8S_VALUE), Map.entry("FOLDER_KEY", FOLDER_VALUE),
                            Map.entry("ENV_KEY", ENV_VALUE), Map.entry("DOTENV_KEY", DOTENV_VALUE));
            assertThat(provider.get("rds", Set.of("password")).data()).containsEntry("password", K8S_VALUE);
            assertThat(provider.get("rds").data()).containsEntry("password", K8S_VALUE);
            clock.advanceMillis(1000);
            provider.get("rds", Set.of("password"));

            texts.add(messages(catchThrowable(() -> provider.get("rds", Set.of("nope")))));
            texts.add(messages(catchThrowable(() -> provider.get("", Set.of("NOPE")))));
            texts.add(messages(catchThrowable(() -> provider.get("other/rds", Set.of("password")))));
            texts.add(messages(catchThrowable(() -> provider.get("", Set.of("bad key")))));
            texts.add(provider.toString());

            SecretsConfigProvider bad = new SecretsConfigProvider(null, Map.of(), clock);
            bad.configure(Map.of("sources", "dotenv", "dotenv.path", badDotenv.toString()));
            texts.add(messages(catchThrowable(() -> bad.get("", Set.of("K")))));
            texts.add(bad.toString());
            provider.close();
            bad.close();

            // The mock API server is the test's stand-in for the cluster, not part of the worker: its own logs
            // (and its Netty / Vert.x) legitimately print what it stores.
            texts.addAll(logs.lines().stream().filter(l -> !l.startsWith("io.fabric8.kubernetes.client.server.mock")
                    && !l.startsWith("io.fabric8.mockwebserver") && !l.startsWith("io.netty")
                    && !l.startsWith("io.vertx")).toList());
            assertThat(logs.lines()).as("the provider logs its configuration and lookups at INFO/DEBUG")
                    .anyMatch(l -> l.contains("Secrets config provider"))
                    .anyMatch(l -> l.contains("Resolved secret key 'password' from Kubernetes Secret"));
        }
        assertThat(texts).hasSizeGreaterThan(8);
        for (String value : VALUES) {
            String base64 = Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
            assertThat(texts).noneMatch(t -> t.contains(value)).noneMatch(t -> t.contains(base64));
        }
    }

    private static String messages(Throwable t) {
        assertThat(t).isNotNull();
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c).append(" | ");
        }
        return all.toString();
    }
}
