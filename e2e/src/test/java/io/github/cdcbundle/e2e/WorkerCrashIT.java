package io.github.cdcbundle.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdcbundle.testkit.Backends;
import io.github.cdcbundle.testkit.Broker;
import io.github.cdcbundle.testkit.ConnectRest;
import io.github.cdcbundle.testkit.Database;
import io.github.cdcbundle.testkit.ObjectStore;
import io.github.cdcbundle.testkit.Poll;
import io.github.cdcbundle.testkit.ProcessConnectWorker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker (a separate JVM started by the image's start script) is killed with SIGKILL mid-stream and a new one
 * takes over the same group. Debezium is at-least-once across a crash, so a change may reach Kafka twice; our sink
 * must still write every Kafka record exactly once: the objects' offset ranges tile the topic without gap or
 * overlap, and every inserted row is in S3.
 */
class WorkerCrashIT {
    private static final Pattern OBJECT = Pattern.compile(".*\\+0\\+(\\d+)\\.json");

    @TempDir
    Path work;

    @Test
    void aKilledWorkerLosesNothingAndTheSinkWritesEachRecordOnce() throws Exception {
        try (Database pg = Backends.database(); Broker kafka = Backends.broker();
                ObjectStore s3 = Backends.objectStore(null)) {
            pg.createDatabase(Pipeline.DATABASE);
            pg.execute(Pipeline.DATABASE,
                    "CREATE TABLE public.events (id int PRIMARY KEY, payload text NOT NULL)");
            s3.createBucket(Pipeline.BUCKET);
            pg.createCdcUser(Pipeline.DATABASE);
            pg.createPublication(Pipeline.DATABASE, "crash", List.of("public.events"));
            Path dotEnv = work.resolve(".env");
            Map<String, String> values = new LinkedHashMap<>();
            values.put("AWS_RDS_HOST", pg.host());
            values.put("AWS_RDS_PORT", Integer.toString(pg.port()));
            values.put("AWS_RDS_USER", pg.cdcUser());
            values.put("AWS_RDS_PASSWORD", pg.cdcPassword());
            values.put("AWS_RDS_DATABASE", Pipeline.DATABASE);
            values.put("AWS_RDS_SSLMODE", "disable");
            values.put("AWS_RDS_INSTANCE", "crash-test");
            values.put("AWS_REGION", "local-1");
            values.put("CDC_TOPIC_PREFIX", "shop");
            values.put("CDC_SLOT_NAME", "crash");
            values.put("CDC_PUBLICATION_NAME", "crash");
            values.put("CDC_TABLES", "public.events");
            values.put("S3_BUCKET", Pipeline.BUCKET);
            values.put("S3_ENDPOINT", s3.endpoint().toString());
            values.put("S3_PATH_STYLE_ACCESS", "true");
            values.put("AWS_ACCESS_KEY_ID", s3.accessKey());
            values.put("AWS_SECRET_ACCESS_KEY", s3.secretKey());
            DotEnvFile.write(dotEnv, "the crash test's worker reads this through the secrets config provider", values);
            Map<String, String> env = Map.of(
                    "CONNECT_GROUP_ID", "crash-test",
                    "CONNECT_CONFIG_PROVIDERS_SECRETS_PARAM_SOURCES", "dotenv",
                    "CONNECT_CONFIG_PROVIDERS_SECRETS_PARAM_DOTENV_PATH", dotEnv.toString());
            ProcessConnectWorker.Launch launch = new ProcessConnectWorker.Launch(
                    Path.of(System.getProperty("cdc.start.script")),
                    Files.readString(Path.of(System.getProperty("cdc.worker.classpath.file"))).trim(),
                    kafka.bootstrapServers(), Path.of(System.getProperty("cdc.plugins")), env);
            Path connectors = Path.of(System.getProperty("cdc.connectors"));
            String topic = "shop.public.events";

            ProcessConnectWorker first = ProcessConnectWorker.start(launch);
            try {
                register(first.rest(), connectors);
                insert(pg, 1, 300);
                try {
                    Poll.until("some rows in S3 before the crash", Duration.ofSeconds(120), () -> {
                        first.rest().assertNotFailed("cdc-postgres");
                        first.rest().assertNotFailed("cdc-s3-sink");
                        return S3Rows.rows(s3, topic).size() >= 50 ? Boolean.TRUE : null;
                    });
                } catch (AssertionError e) {
                    String log = first.log();
                    throw new AssertionError(e.getMessage() + "\nworker log (end):\n"
                            + log.substring(Math.max(0, log.length() - 6000)), e);
                }
                insert(pg, 301, 600);
            } finally {
                first.kill();
            }

            try (ProcessConnectWorker second = ProcessConnectWorker.start(launch)) {
                second.rest().awaitRunning("cdc-postgres", Duration.ofSeconds(120));
                second.rest().awaitRunning("cdc-s3-sink", Duration.ofSeconds(120));
                insert(pg, 601, 800);
                Poll.until("all 800 rows in S3", Duration.ofSeconds(180), () -> {
                    second.rest().assertNotFailed("cdc-postgres");
                    second.rest().assertNotFailed("cdc-s3-sink");
                    Set<Integer> ids = new HashSet<>();
                    S3Rows.rows(s3, topic).forEach(r -> ids.add(r.value().get("id").asInt()));
                    return ids.size() == 800 ? Boolean.TRUE : null;
                });
                assertOffsetsTileWithoutOverlap(s3, topic);
            }
        }
    }

    private static void register(ConnectRest rest, Path connectors) {
        for (String file : new String[] {"debezium-postgres.json", "s3-sink.json"}) {
            ConnectorFiles.Connector c = ConnectorFiles.read(connectors.resolve(file))
                    .with(Map.of("poll.interval.ms", "50", "rotate.schedule.interval.ms", "1000", "flush.size", "25"));
            rest.putConnector(c.name(), c.config());
            rest.awaitRunning(c.name(), Duration.ofSeconds(120));
        }
    }

    private static void insert(Database pg, int from, int to) {
        for (int batch = from; batch <= to; batch += 50) {
            pg.execute(Pipeline.DATABASE, "INSERT INTO public.events SELECT g, 'event ' || g FROM generate_series("
                    + batch + ", " + Math.min(batch + 49, to) + ") g");
        }
    }

    /** Each object holds the records from its start offset on, one per line: the ranges must tile [0, end). */
    private static void assertOffsetsTileWithoutOverlap(ObjectStore s3, String topic) {
        TreeMap<Long, Integer> ranges = new TreeMap<>();
        for (String key : S3Rows.keys(s3, topic)) {
            Matcher m = OBJECT.matcher(key);
            assertThat(m.matches()).as(key).isTrue();
            String text = new String(s3.get(Pipeline.BUCKET, key), StandardCharsets.UTF_8);
            int lines = (int) text.lines().filter(l -> !l.isBlank()).count();
            assertThat(ranges.put(Long.parseLong(m.group(1)), lines)).as("one object per start offset").isNull();
        }
        long next = 0;
        for (Map.Entry<Long, Integer> range : ranges.entrySet()) {
            assertThat(range.getKey()).as("object starting at offset " + range.getKey() + " (no gap, no overlap)")
                    .isEqualTo(next);
            next = range.getKey() + range.getValue();
        }
        assertThat(next).as("records in S3").isGreaterThanOrEqualTo(800);
    }
}
