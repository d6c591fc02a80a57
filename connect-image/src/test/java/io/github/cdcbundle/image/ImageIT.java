package io.github.cdcbundle.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cdcbundle.testkit.ConnectRest;
import io.github.cdcbundle.testkit.KafkaBroker;
import io.github.cdcbundle.testkit.Poll;
import io.github.cdcbundle.testkit.Ports;
import io.github.cdcbundle.testkit.Postgres;
import io.github.cdcbundle.testkit.ProcessConnectWorker;
import io.github.cdcbundle.testkit.S3Server;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image, built from connect-image/Dockerfile unchanged on a base made from Debian packages, and run as the chart
 * runs it (uid 1000, read-only root filesystem with the chart's emptyDirs as tmpfs, all capabilities dropped, no new
 * privileges, the chart's memory limit and CONNECT_* environment, secrets as environment variables as the chart's
 * secretRef gives them) with host networking against a real PostgreSQL, Kafka broker and S3 server on 127.0.0.1.
 *
 * <p>Never skipped: where no container engine can be had, base/container-engine.sh says why in one line and the test
 * fails with it. Images are kept between runs (the base is made only when its tag is missing; the image build reuses
 * its layers); the container is removed. The image stage's times, the image's size and the start-up of the container
 * beside the same worker outside it go to target/image-stage.properties (see docs/performance.md).
 */
class ImageIT {
    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final String TABLE = "items";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void theImageRunsThePipelineAsTheChartRunsIt() throws Exception {
        Path context = Path.of(System.getProperty("cdc.image.context", ".")).toAbsolutePath();
        Path logs = Files.createDirectories(context.resolve("target/image-it"));
        Map<String, Object> measured = new LinkedHashMap<>();

        Engine engine = Engine.ready(context.resolve("base"), logs);
        measured.put("engine", engine.name());
        String base = dockerfileBaseImage(context.resolve("Dockerfile"));
        long t0 = System.nanoTime();
        engine.script(context.resolve("base/make-base.sh"), 900);
        measured.put("base.ms", millisSince(t0));
        String image = "cdc-connect:" + Built.version();
        long t1 = System.nanoTime();
        engine.check(900, "build", "--build-arg", "BASE_IMAGE=" + base, "-t", image, context.toString());
        measured.put("build.ms", millisSince(t1));
        measured.put("image.bytes", engine.check(60, "image", "inspect", "--format", "{{.Size}}", image).stdout()
                .strip());

        ChartConnectPod chart = ChartConnectPod.read(Path.of(System.getProperty("cdc.k8s.manifest")));
        assertThat(chart.runAsUser()).as("the chart's runAsUser").isEqualTo(1000);
        assertThat(chart.readOnlyRootFilesystem()).as("the chart's readOnlyRootFilesystem").isTrue();

        try (Postgres postgres = Postgres.start(); KafkaBroker kafka = KafkaBroker.start();
                S3Server s3 = S3Server.start()) {
            postgres.createDatabase("shop");
            postgres.execute("shop", "CREATE TABLE public.items (id serial PRIMARY KEY, name text NOT NULL)",
                    "INSERT INTO public.items (name) VALUES ('snapshot-1'), ('snapshot-2')");
            // Debezium logs in as the least-privilege user docs/rds-setup.md makes; the publication is the owner's.
            postgres.createCdcUser("shop");
            postgres.createPublication("shop", "cdc_image_it", List.of("public.items"));
            s3.createBucket("lake");

            int restPort = Ports.free();
            int metricsPort = Ports.free();
            Map<String, String> workerEnv = workerEnvironment(chart, kafka.bootstrapServers(), restPort);
            measured.put("process.startup.ms", processStartup(kafka, chart, workerEnv));

            Path envFile = writeEnvFile(workerEnv, ConnectorSecrets.of(postgres, s3, "image-it"), metricsPort);
            String container = "cdc-image-it-" + Long.toHexString(System.nanoTime());
            List<String> run = new ArrayList<>(List.of("run", "--name", container, "--network", "host",
                    "--user", "1000:1000", "--read-only", "--cap-drop=ALL", "--security-opt", "no-new-privileges",
                    "--memory", chart.memoryForEngine(), "--env-file", envFile.toString()));
            for (String mount : chart.emptyDirMounts()) {
                run.addAll(List.of("--tmpfs", mount + ":" + engine.emptyDirTmpfsOptions()));
            }
            run.add(image);
            Path containerLog = logs.resolve("container.log");
            long t2 = System.nanoTime();
            Process running = engine.start(containerLog, run);
            try {
                ConnectRest rest = new ConnectRest(URI.create("http://127.0.0.1:" + restPort + "/"));
                Poll.untilTrue("the container's REST API on port " + restPort, DEADLINE, () -> {
                    if (!running.isAlive()) {
                        throw new AssertionError(engine.name() + " run exited with " + running.exitValue() + ":\n"
                                + read(containerLog));
                    }
                    return rest.ready();
                });
                measured.put("container.startup.ms", millisSince(t2));

                assertThat(engine.check(30, "exec", container, "id", "-u").stdout().strip()).isEqualTo("1000");
                Engine.Result write = engineExit(engine, container, "touch", "/opt/connect/plugins/x");
                assertThat(write.exit()).as("writing to the read-only root filesystem").isNotZero();

                assertThat(rest.connectorPlugins(false)).contains("io.debezium.connector.postgresql.PostgresConnector",
                        "io.github.cdcbundle.s3sink.S3SinkConnector");
                assertThat(rest.connectorPlugins(true)).contains("io.github.cdcbundle.smt.FlattenChangeEvent$Value",
                        "io.github.cdcbundle.smt.RdsMetadata$Value",
                        "io.github.cdcbundle.converters.AnalystJsonConverter");

                Path connectors = Path.of(System.getProperty("cdc.connectors"));
                String source = register(rest, connectors.resolve("debezium-postgres.json"),
                        Map.of("poll.interval.ms", "50"));
                String sink = register(rest, connectors.resolve("s3-sink.json"),
                        Map.of("rotate.schedule.interval.ms", "1000"));
                assertThat(rest.connectorConfig(source).get("database.password"))
                        .as("the stored config keeps the placeholder").isEqualTo("${secrets:AWS_RDS_PASSWORD}");

                awaitNames(rest, s3, List.of("snapshot-1", "snapshot-2"), source, sink);
                postgres.execute("shop", "INSERT INTO public.items (name) VALUES ('change-1'), ('change-2')");
                awaitNames(rest, s3, List.of("snapshot-1", "snapshot-2", "change-1", "change-2"), source, sink);

                String metrics = get("http://127.0.0.1:" + metricsPort + "/metrics");
                assertThat(metrics).contains("kafka_connect_worker_connector_count",
                        "kafka_connect_connector_status{connector=\"" + source + "\",status=\"running\"",
                        "kafka_connect_task_status{connector=\"" + sink + "\"",
                        "debezium_metrics_");
            } finally {
                engine.check(120, "rm", "-f", container);
                running.waitFor();
                Files.deleteIfExists(envFile);
            }
        } finally {
            report(context.resolve("target/image-stage.properties"), measured);
        }
    }

    /** The Dockerfile's own default for BASE_IMAGE, so that the test tags what the file builds FROM. */
    private static String dockerfileBaseImage(Path dockerfile) throws IOException {
        Matcher m = Pattern.compile("(?m)^ARG BASE_IMAGE=(\\S+)$").matcher(Files.readString(dockerfile));
        if (!m.find()) {
            throw new AssertionError(dockerfile + " has no 'ARG BASE_IMAGE=<default>' line");
        }
        return m.group(1);
    }

    /**
     * The chart's worker environment, with what only makes sense in the cluster replaced: the test broker, one
     * replica, a free port (host networking), this host as the advertised address (the chart gives the pod's IP),
     * and secrets from the environment (the chart's secret.source=env) instead of the Kubernetes API.
     */
    private static Map<String, String> workerEnvironment(ChartConnectPod chart, String bootstrap, int restPort) {
        Map<String, String> env = new LinkedHashMap<>(chart.configMap());
        env.putAll(chart.env());
        env.keySet().removeIf(k -> k.startsWith("CONNECT_CONFIG_PROVIDERS_SECRETS_PARAM_"));
        env.put("CONNECT_CONFIG_PROVIDERS_SECRETS_PARAM_SOURCES", "env");
        env.put("CONNECT_BOOTSTRAP_SERVERS", bootstrap);
        env.put("CONNECT_REPLICATION_FACTOR", "1");
        env.put("CONNECT_REST_PORT", Integer.toString(restPort));
        env.put("CONNECT_REST_ADVERTISED_HOST_NAME", "127.0.0.1");
        env.put("CONNECT_GROUP_ID", "cdc-image-" + Long.toHexString(System.nanoTime()));
        return env;
    }

    /** An --env-file only this user can read: secrets never appear on a command line or in the test's output. */
    private Path writeEnvFile(Map<String, String> workerEnv, Map<String, String> secrets, int metricsPort)
            throws IOException {
        Path file = Files.createFile(work.resolve("container.env"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        StringBuilder text = new StringBuilder();
        workerEnv.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        secrets.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        // host networking shares the host's ports: the exporter's 9404 may be taken by another worker on this machine
        text.append("JMX_EXPORTER_PORT=").append(metricsPort).append('\n');
        Files.writeString(file, text);
        return file;
    }

    /** Start-up of the same worker (same start script, plugins, environment and heap) outside the container. */
    private static long processStartup(KafkaBroker kafka, ChartConnectPod chart, Map<String, String> workerEnv) {
        Map<String, String> env = new LinkedHashMap<>(workerEnv);
        env.remove("CONNECT_REST_PORT"); // the kit picks its own port and listener
        env.remove("CONNECT_GROUP_ID");
        env.remove("CONNECT_BOOTSTRAP_SERVERS");
        env.remove("CONNECT_REPLICATION_FACTOR");
        long limitMb = Long.parseLong(chart.memoryForEngine().replaceAll("[gm]$", ""))
                * (chart.memoryForEngine().endsWith("g") ? 1024 : 1);
        // the image's -XX:MaxRAMPercentage=70 -XX:InitialRAMPercentage=30 under the chart's memory limit
        env.put("KAFKA_HEAP_OPTS", "-Xmx" + limitMb * 70 / 100 + "m -Xms" + limitMb * 30 / 100 + "m");
        // the metrics agent too, as in the image
        env.put("JMX_EXPORTER_JAR", System.getProperty("cdc.jmx.jar"));
        env.put("JMX_EXPORTER_CONFIG", System.getProperty("cdc.jmx.config"));
        env.put("JMX_EXPORTER_PORT", Integer.toString(Ports.free()));
        long start = System.nanoTime();
        try (ProcessConnectWorker worker = ProcessConnectWorker.start(new ProcessConnectWorker.Launch(
                Built.startScript(), Built.workerClasspath(), kafka.bootstrapServers(), Built.plugins(), env))) {
            return millisSince(start);
        }
    }

    private static String register(ConnectRest rest, Path file, Map<String, String> overrides) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        Map<String, String> config = new LinkedHashMap<>();
        root.get("config").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
        config.putAll(overrides);
        String name = root.get("name").asText();
        rest.putConnector(name, config);
        rest.awaitRunning(name, DEADLINE);
        return name;
    }

    /** Polls S3 until the table's objects hold exactly these names (each once). */
    private static void awaitNames(ConnectRest rest, S3Server s3, List<String> expected, String... connectors) {
        Poll.untilTrue("rows " + expected + " in S3", DEADLINE, () -> {
            for (String connector : connectors) {
                rest.assertNotFailed(connector);
            }
            List<String> names = new ArrayList<>();
            for (String key : s3.keys("lake", "cdc/shop.public." + TABLE + "/")) {
                new String(s3.get("lake", key), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank())
                        .forEach(line -> names.add(name(line)));
            }
            assertThat(names.size()).as("rows in S3").isLessThanOrEqualTo(expected.size());
            return names.size() == expected.size() && names.containsAll(expected);
        });
    }

    private static String name(String jsonLine) {
        try {
            return JSON.readTree(jsonLine).get("name").asText();
        } catch (IOException e) {
            throw new AssertionError("an S3 object line is not JSON", e);
        }
    }

    private static Engine.Result engineExit(Engine engine, String container, String... command) {
        try {
            engine.check(30, concat("exec", container, command));
            return new Engine.Result(0, "", "");
        } catch (AssertionError expected) {
            return new Engine.Result(1, "", expected.getMessage());
        }
    }

    private static String[] concat(String a, String b, String... rest) {
        String[] all = new String[rest.length + 2];
        all[0] = a;
        all[1] = b;
        System.arraycopy(rest, 0, all, 2, rest.length);
        return all;
    }

    private static String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET " + url).isEqualTo(200);
        return response.body();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static void report(Path file, Map<String, Object> measured) throws IOException {
        StringBuilder text = new StringBuilder("# ImageIT's measurements of this run (docs/performance.md)\n");
        measured.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Files.writeString(file, text);
        System.out.print(text);
    }
}
