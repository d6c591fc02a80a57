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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every metric name the chart's alerts (helm/templates/prometheusrule.yaml) and dashboard
 * (helm/files/grafana-dashboard.json) use, and every one docs/monitoring.md and docs/snapshots.md name, is one a real
 * worker exports: a worker started by start-connect.sh with the
 * JMX exporter and our rules, running connectors/debezium-postgres.json and connectors/s3-sink.json against
 * PostgreSQL, a Kafka broker and an S3 server, with changes flowing to objects. deploy-tests' MonitoringTest makes
 * sure the prefix search below sees every metric name the rendered rules and dashboard use.
 */
class MonitoringMetricsIT {
    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final String SECOND = "debezium-postgres-2";
    private static final Pattern METRIC = Pattern.compile("\\b(?:kafka_connect|debezium_metrics)_[a-z0-9_]+\\b");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyMetricTheChartsAlertsAndDashboardUseIsExported() throws Exception {
        Path repo = Path.of(System.getProperty("cdc.connectors")).getParent();
        Set<String> used = new TreeSet<>();
        for (Path file : List.of(repo.resolve("helm/templates/prometheusrule.yaml"),
                repo.resolve("helm/files/grafana-dashboard.json"), repo.resolve("docs/monitoring.md"),
                repo.resolve("docs/snapshots.md"))) {
            Matcher m = METRIC.matcher(Files.readString(file));
            while (m.find()) {
                used.add(m.group());
            }
        }
        assertThat(used).hasSizeGreaterThan(5);

        int metricsPort = Ports.free();
        try (Postgres postgres = Postgres.start(); KafkaBroker kafka = KafkaBroker.start();
                S3Server s3 = S3Server.start()) {
            postgres.createDatabase("shop");
            postgres.execute("shop", "CREATE TABLE public.items (id serial PRIMARY KEY, name text NOT NULL)",
                    "INSERT INTO public.items (name) VALUES ('snapshot-1')",
                    "CREATE TABLE public.parts (id serial PRIMARY KEY, name text NOT NULL)");
            // Debezium logs in as the least-privilege user docs/rds-setup.md makes; the publication is the owner's.
            postgres.createCdcUser("shop");
            postgres.createPublication("shop", "cdc_metrics_it", List.of("public.items"));
            postgres.createPublication("shop", "cdc_metrics_it_2", List.of("public.parts"));
            s3.createBucket("lake");
            Map<String, String> env = new LinkedHashMap<>(ConnectorSecrets.of(postgres, s3, "metrics-it"));
            env.put("CONNECT_CONFIG_PROVIDERS_SECRETS_PARAM_SOURCES", "env");
            env.put("JMX_EXPORTER_JAR", System.getProperty("cdc.jmx.jar"));
            env.put("JMX_EXPORTER_CONFIG", System.getProperty("cdc.jmx.config"));
            env.put("JMX_EXPORTER_PORT", Integer.toString(metricsPort));
            try (ProcessConnectWorker worker = ProcessConnectWorker.start(new ProcessConnectWorker.Launch(
                    Built.startScript(), Built.workerClasspath(), kafka.bootstrapServers(), Built.plugins(), env))) {
                ConnectRest rest = worker.rest();
                Path connectors = Path.of(System.getProperty("cdc.connectors"));
                register(rest, connectors.resolve("debezium-postgres.json"), Map.of("poll.interval.ms", "50"));
                // A second connector over other tables, as connectors/README.md says to add one: its own slot and
                // publication, the same topic.prefix, and custom.metric.tags so that its JMX names differ.
                register(rest, connectors.resolve("debezium-postgres.json"), Map.of("name", SECOND,
                        "poll.interval.ms", "50", "slot.name", "cdc_metrics_it_2", "publication.name",
                        "cdc_metrics_it_2", "table.include.list", "public.parts,public.cdc_signal",
                        "custom.metric.tags", "connector=" + SECOND));
                register(rest, connectors.resolve("s3-sink.json"), Map.of("rotate.schedule.interval.ms", "1000"));
                postgres.execute("shop", "INSERT INTO public.items (name) VALUES ('change-1'), ('change-2')",
                        "INSERT INTO public.parts (name) VALUES ('part-1')");
                Poll.untilTrue("an object in S3", DEADLINE, () -> !s3.keys("lake", "cdc/").isEmpty());

                // Names only: a metric exported with any labels and value counts.
                // Some appear only after the first commit or poll: wait, then name what is still missing.
                try {
                    Poll.untilTrue("every metric the chart uses on /metrics", Duration.ofSeconds(60),
                            () -> exported(metricsPort).containsAll(used));
                } catch (AssertionError timedOut) {
                    // reported below, by name
                }
                Set<String> exported = exported(metricsPort);
                Set<String> missing = new TreeSet<>(used);
                missing.removeAll(exported);
                if (!missing.isEmpty()) {
                    System.out.println("EXPORTED " + exported);
                }
                assertThat(missing).as("metrics the chart uses that the worker does not export").isEmpty();

                // The alerts and the dashboard tell the two connectors apart by (name, connector): name is the
                // topic.prefix for both, connector is the second one's tag, a label of its own.
                String prefix = env.get("CDC_TOPIC_PREFIX");
                Poll.untilTrue("both connectors' streaming lag on /metrics", DEADLINE, () -> {
                    List<String> lag = series(metricsPort, "debezium_metrics_millisecondsbehindsource");
                    return lag.stream().anyMatch(l -> l.contains("context=\"streaming\"")
                            && l.contains("name=\"" + prefix + "\"") && !l.contains("connector="))
                            && lag.stream().anyMatch(l -> l.contains("context=\"streaming\"")
                            && l.contains("name=\"" + prefix + "\"") && l.contains("connector=\"" + SECOND + "\""));
                });
            }
        }
    }

    /** The lines of /metrics for one metric name, labels and value. */
    private static List<String> series(int port, String metric) {
        return scrape(port).lines().filter(l -> l.startsWith(metric + "{")).toList();
    }

    private static Set<String> exported(int port) {
        String body = scrape(port);
        Set<String> names = new TreeSet<>();
        body.lines().filter(l -> !l.startsWith("#") && !l.isBlank())
                .forEach(l -> names.add(l.split("[{ ]", 2)[0]));
        return names;
    }

    private static String scrape(int port) {
        String body;
        try {
            body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return body;
    }

    private static void register(ConnectRest rest, Path file, Map<String, String> overrides) throws Exception {
        JsonNode root = JSON.readTree(file.toFile());
        Map<String, String> config = new LinkedHashMap<>();
        root.get("config").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
        config.putAll(overrides);
        String name = config.containsKey("name") ? config.get("name") : root.get("name").asText();
        rest.putConnector(name, config);
        rest.awaitRunning(name, DEADLINE);
    }

}
