package io.github.cdcbundle.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Fake kubectl, helm and curl on PATH that append each call ("tool args...") to a calls file: the scripts run
 * end to end with no cluster. FAKE_CLUSTER_DOWN=1 makes kubectl unable to reach the API, FAKE_TASK_STATE sets the
 * S3 sink's task state, FAKE_NO_TASKS=1 gives the S3 sink a FAILED connector without tasks, FAKE_RELEASE_INSTALLED=0
 * makes `helm status` fail.
 */
final class FakeCluster {

    static final String KUBECTL = """
        #!/bin/bash
        echo "kubectl $*" >> "$FAKE_CALLS"
        case "$1" in
          version) [ "${FAKE_CLUSTER_DOWN:-0}" = 1 ] && exit 1; exit 0 ;;
          config) echo fake-context ;;
          create) if [ "$2" = secret ]; then echo "kind: Secret"; echo "data:"; \
                    echo "  AWS_RDS_PASSWORD: $(printf %s "$FAKE_PASSWORD" | base64)"; \
                  else echo "kind: Namespace"; fi ;;
          apply) cat > /dev/null ;;
        esac
        exit 0
        """;

    static final String HELM = """
        #!/bin/bash
        echo "helm $*" >> "$FAKE_CALLS"
        case "$1" in
          template) echo "kind: Deployment" ;;
          status) [ "${FAKE_RELEASE_INSTALLED:-1}" = 1 ] || exit 1 ;;
        esac
        exit 0
        """;

    static final String CURL = """
        #!/bin/bash
        echo "curl $*" >> "$FAKE_CALLS"
        url="${*: -1}"
        case "$url" in
          */s3-sink/status) if [ "${FAKE_NO_TASKS:-0}" = 1 ]; then \
                  echo '{"name":"s3-sink","connector":{"state":"FAILED","worker_id":"w:8083"},"tasks":[],"type":"sink"}'; \
                else \
                  echo '{"name":"s3-sink","connector":{"state":"RUNNING","worker_id":"w:8083"},"tasks":[{"id":0,"state":"'"${FAKE_TASK_STATE:-RUNNING}"'","worker_id":"w:8083"}],"type":"sink"}'; \
                fi ;;
          */status) echo '{"name":"debezium-postgres","connector":{"state":"RUNNING","worker_id":"w:8083"},"tasks":[{"id":0,"state":"RUNNING","worker_id":"w:8083"}],"type":"source"}' ;;
          */connectors) echo '["debezium-postgres","s3-sink"]' ;;
          *) echo '{"version":"4.3.1"}' ;;
        esac
        exit 0
        """;

    static final String PASSWORD = "s3cr3t-Pa55word";

    static final String VALID_ENV = """
        # test .env
        AWS_RDS_HOST=mydb.abc123xyz.eu-west-1.rds.amazonaws.com
        AWS_RDS_PORT=5432
        AWS_RDS_USER=cdc_user
        AWS_RDS_PASSWORD=%s
        AWS_RDS_DATABASE=shop
        AWS_RDS_SSLMODE=require
        AWS_RDS_INSTANCE=
        AWS_REGION=eu-west-1
        CDC_TOPIC_PREFIX=shop
        CDC_SLOT_NAME=cdc_shop
        CDC_PUBLICATION_NAME=cdc_shop
        CDC_TABLES=public.orders,public.customers
        S3_BUCKET=my-data-lake
        S3_ENDPOINT=
        S3_PATH_STYLE_ACCESS=false
        AWS_ACCESS_KEY_ID=
        AWS_SECRET_ACCESS_KEY=
        """.formatted(PASSWORD);

    /** The seed README's .env, verbatim (its placeholders as values). */
    static final Path SEED_ENV = Chart.REPO.resolve("config-provider/src/test/resources/dotenv/seed.env");

    /** Debezium's version as the root pom.xml pins it: what the image bakes. */
    static final String BAKED_DEBEZIUM = pomValue("<debezium.version>(.+?)</debezium.version>");
    /** The project's version without -SNAPSHOT: what our S3 sink in the image reports. */
    static final String BAKED_S3_SINK = pomValue("(?s)<artifactId>cdc-bundle-parent</artifactId>\\s*<version>(.+?)</version>").replace("-SNAPSHOT", "");

    private static String pomValue(String regex) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(regex).matcher(Chart.read(Chart.REPO.resolve("pom.xml")));
        if (!m.find()) {
            throw new AssertionError("not in the root pom.xml: " + regex);
        }
        return m.group(1);
    }

    /** The seed README's .env, verbatim: its two connector versions (Debezium 2.3.0.Final, sink 10.7.0) included. */
    static String seedEnv() {
        return Chart.read(SEED_ENV);
    }

    final Path dir;
    final Path bin;
    final Path calls;
    final Path envFile;
    final Map<String, String> environment = new HashMap<>();

    record Result(int exitCode, String output) {}

    FakeCluster(Path dir) {
        this.dir = dir;
        this.bin = dir.resolve("bin");
        this.calls = dir.resolve("calls");
        this.envFile = dir.resolve(".env");
        try {
            Files.createDirectories(bin);
            write(bin.resolve("kubectl"), KUBECTL);
            write(bin.resolve("helm"), HELM);
            write(bin.resolve("curl"), CURL);
            Files.writeString(envFile, VALID_ENV);
            Files.writeString(calls, "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        environment.put("PATH", bin + ":/usr/local/bin:/usr/bin:/bin");
    }

    static void write(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    void env(String text) {
        try {
            Files.writeString(envFile, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> calls() {
        try {
            return Files.readAllLines(calls);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void clearCalls() {
        try {
            Files.writeString(calls, "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What run.sh deploys: the namespace and the chart rendered with exactly the helm arguments of its dry run. */
    record Rendered(String namespace, List<HasMetadata> objects) {}

    /** Runs `run.sh --dry-run` with {@code envText} as .env and renders the chart with the helm arguments it passed. */
    Rendered renderAsRunSh(String envText) {
        env(envText);
        clearCalls();
        Result result = run("run.sh", "--dry-run", "--env-file", envFile.toString());
        if (result.exitCode() != 0) {
            throw new AssertionError("run.sh --dry-run failed:\n" + result.output());
        }
        String prefix = "helm template " + Chart.RELEASE + " " + Chart.DIR + " ";
        String call = calls().stream().filter(c -> c.startsWith("helm ")).findFirst().orElseThrow();
        if (!call.startsWith(prefix)) {
            throw new AssertionError("run.sh called " + call);
        }
        List<String> args = List.of(call.substring(prefix.length()).split(" "));
        String namespace = null;
        Map<String, Object> sets = new LinkedHashMap<>();
        List<Path> values = new ArrayList<>();
        for (int i = 0; i < args.size(); i += 2) {
            String value = args.get(i + 1);
            switch (args.get(i)) {
                case "--namespace" -> namespace = value;
                case "--values" -> values.add(Path.of(value));
                case "--set", "--set-string" -> sets.put(value.substring(0, value.indexOf('=')), value.substring(value.indexOf('=') + 1));
                default -> throw new AssertionError("run.sh passed an option this helper does not know: " + args.get(i));
            }
        }
        return new Rendered(namespace, Chart.parseStrictly(Chart.template(Chart.RELEASE, namespace, values, sets)));
    }

    Result run(String script, String... args) {
        List<String> command = new ArrayList<>(List.of("/bin/bash", Chart.REPO.resolve("scripts/" + script).toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().put("HOME", dir.toString());
        builder.environment().put("TMPDIR", dir.toString());
        builder.environment().put("FAKE_CALLS", calls.toString());
        builder.environment().put("FAKE_PASSWORD", PASSWORD);
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(script + " did not finish:\n" + output);
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
