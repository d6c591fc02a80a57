package io.github.cdcbundle.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdcbundle.configprovider.SecretsConfigProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 14: run.sh (scripts/lib/dotenv.sh) and the worker's config provider, the runtime truth, read the same .env
 * value for value: inline comments, quotes, escapes, `export `, the seed README's keys and the defaults. Before, run.sh
 * copied `AWS_RDS_PORT=5432 # pg` into the Secret verbatim while the provider read 5432.
 */
class DotEnvAgreementTest {
    static final Path FILES = Chart.REPO.resolve("config-provider/src/test/resources/dotenv");

    @ParameterizedTest
    @ValueSource(strings = {"tricky.env", "seed.env"})
    void theScriptsReadEveryKeyAsTheConfigProviderDoes(String name) throws Exception {
        Path file = FILES.resolve(name);
        Map<String, String> bash = readWithBash(file);

        SecretsConfigProvider provider = new SecretsConfigProvider(null, Map.of(), Clock.systemUTC());
        provider.configure(Map.of("sources", "dotenv", "dotenv.path", file.toString()));
        try {
            Map<String, String> java = provider.get("", bash.keySet()).data();
            assertThat(bash).isEqualTo(java);
        } finally {
            provider.close();
        }
        assertThat(bash).containsKeys("AWS_RDS_HOST", "CDC_TABLES", "S3_BUCKET", "AWS_RDS_SSLMODE");
        if (name.equals("tricky.env")) {
            assertThat(bash).containsEntry("AWS_RDS_PORT", "5432").containsEntry("CDC_TABLES",
                    "sales.orders,public.customers,sales.items");
        }
    }

    /** Every key dotenv.sh ends up with, NUL-separated so a value may hold anything but NUL. */
    private static Map<String, String> readWithBash(Path file) throws IOException, InterruptedException {
        String script = "source \"$1\"; dotenv_parse \"$2\" && dotenv_seed_keys \"$2\" || exit 3;"
                + " for k in \"${!DOTENV[@]}\"; do printf '%s\\0%s\\0' \"$k\" \"${DOTENV[$k]}\"; done";
        Process process = new ProcessBuilder("/bin/bash", "-c", script, "dotenv",
                Chart.REPO.resolve("scripts/lib/dotenv.sh").toString(), file.toString()).redirectErrorStream(false).start();
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(err).isZero();
        String[] parts = new String(out, StandardCharsets.UTF_8).split("\0", -1);
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i + 1 < parts.length; i += 2) {
            values.put(parts[i], parts[i + 1]);
        }
        return values;
    }
}
