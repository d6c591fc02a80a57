package io.github.cdcbundle.e2e;

import io.github.cdcbundle.testkit.Backends;
import io.github.cdcbundle.testkit.Broker;
import io.github.cdcbundle.testkit.ConnectRest;
import io.github.cdcbundle.testkit.Database;
import io.github.cdcbundle.testkit.InJvmConnectWorker;
import io.github.cdcbundle.testkit.ObjectStore;
import io.github.cdcbundle.testkit.Poll;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole pipeline on local processes (or containers, see {@link Backends}): PostgreSQL, a broker, a Connect
 * worker loading
 * connect-image/target/plugins, an S3 server; the connectors registered from connectors/*.json exactly as a user
 * registers them. Their ${secrets:...} placeholders are resolved by our config provider from a .env file this class
 * writes, the way the worker resolves them on a laptop. Stops in the order that does not hang: Connect, Kafka, S3,
 * PostgreSQL.
 *
 * <p>PostgreSQL is set up as docs/rds-setup.md tells RDS users: the administrator creates the tables, runs the docs'
 * CDC user block and creates the publication; the connectors' .env holds only the least-privilege CDC user.
 */
public final class Pipeline implements AutoCloseable {
    public static final String DATABASE = "shop";
    public static final String TOPIC_PREFIX = "shop";
    public static final String BUCKET = "lake";
    public static final String INSTANCE = "local-postgres";
    public static final String REGION = "local-1";
    public static final String SLOT = "cdc_shop";
    public static final String PUBLICATION = "cdc_shop";

    private final List<AutoCloseable> started = new ArrayList<>();
    public final Database postgres;
    public final Broker kafka;
    public final ObjectStore s3;
    public final InJvmConnectWorker worker;
    public final Path dotEnv;
    private final Duration secretsTtl;

    /** Where things are: the plugin folders, the connector files, and (optional) a folder for S3's objects. */
    public record Layout(Path plugins, Path connectors, Path s3Folder, Path work) {
        /** The layout of the e2e tests: plugins and connector files from the build (cdc.plugins, cdc.connectors). */
        public static Layout forTests(Path work) {
            return new Layout(Path.of(System.getProperty("cdc.plugins")), Path.of(System.getProperty("cdc.connectors")),
                    null, work);
        }
    }

    private Pipeline(Layout layout, String tables, List<String> setupSql, ObjectStore objectStore) {
        this(layout, tables, setupSql, objectStore, null);
    }

    private Pipeline(Layout layout, String tables, List<String> setupSql, ObjectStore objectStore,
            Duration secretsTtl) {
        this.secretsTtl = secretsTtl;
        try {
            postgres = track(Backends.database());
            postgres.createDatabase(DATABASE);
            List<String> sql = new ArrayList<>(setupSql);
            postgres.execute(DATABASE, sql.toArray(new String[0]));
            postgres.createCdcUser(DATABASE);
            postgres.createPublication(DATABASE, PUBLICATION, List.of(tables.split(",")));
            kafka = track(Backends.broker());
            s3 = track(objectStore != null ? objectStore : Backends.objectStore(layout.s3Folder()));
            s3.createBucket(BUCKET);
            dotEnv = layout.work().resolve(".env");
            writeDotEnv(tables);
            worker = track(startWorker(layout.plugins()));
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** The user's own PostgreSQL and S3 (from their .env); only Kafka and Connect run here. */
    private Pipeline(Layout layout, Path userDotEnv, Database database, ObjectStore objectStore) {
        this.secretsTtl = null;
        try {
            postgres = database;
            s3 = objectStore;
            dotEnv = userDotEnv.toAbsolutePath();
            kafka = track(Backends.broker());
            worker = track(startWorker(layout.plugins()));
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    private InJvmConnectWorker startWorker(Path plugins) {
        Map<String, String> provider = new LinkedHashMap<>(Map.of(
                "config.providers", "secrets",
                "config.providers.secrets.class", "io.github.cdcbundle.configprovider.SecretsConfigProvider",
                "config.providers.secrets.param.sources", "dotenv",
                "config.providers.secrets.param.dotenv.path", dotEnv.toString()));
        if (secretsTtl != null) {
            provider.put("config.providers.secrets.param.ttl.ms", Long.toString(secretsTtl.toMillis()));
        }
        return InJvmConnectWorker.start(kafka.bootstrapServers(), plugins, provider);
    }

    public static Pipeline start(Layout layout, String tables, List<String> setupSql) {
        return new Pipeline(layout, tables, setupSql, null);
    }

    /**
     * With the config provider's {@code ttl.ms} set: 0 reads the .env anew whenever a connector or task starts, so a
     * test that edits it ({@link #changeTables}) and restarts the tasks needs no wait for a cache to expire.
     */
    public static Pipeline start(Layout layout, String tables, List<String> setupSql, Duration secretsTtl) {
        return new Pipeline(layout, tables, setupSql, null, secretsTtl);
    }

    /** With an S3 server the caller started (e.g. one enforcing another IAM policy); the pipeline stops it. */
    public static Pipeline start(Layout layout, String tables, List<String> setupSql, ObjectStore objectStore) {
        return new Pipeline(layout, tables, setupSql, objectStore);
    }

    public static Pipeline startWithUserServices(Layout layout, Path userDotEnv, Database database,
            ObjectStore objectStore) {
        return new Pipeline(layout, userDotEnv, database, objectStore);
    }

    private <T extends AutoCloseable> T track(T service) {
        started.add(0, service);
        return service;
    }

    private void writeDotEnv(String tables) {
        DotEnvFile.write(dotEnv, "written by the local pipeline; read by the secrets config provider",
                connectorEnv(postgres, s3, INSTANCE, SLOT, PUBLICATION, tables));
    }

    /**
     * The values connectors/*.json read through ${secrets:...} for a stack of ours: database {@link #DATABASE} with
     * Debezium logging in as the docs' CDC user, bucket {@link #BUCKET} through the connectors' S3 endpoint.
     */
    public static Map<String, String> connectorEnv(Database postgres, ObjectStore s3, String instance, String slot,
            String publication, String tables) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_RDS_HOST", postgres.host());
        env.put("AWS_RDS_PORT", Integer.toString(postgres.port()));
        env.put("AWS_RDS_USER", postgres.cdcUser());
        env.put("AWS_RDS_PASSWORD", postgres.cdcPassword());
        env.put("AWS_RDS_DATABASE", DATABASE);
        env.put("AWS_RDS_SSLMODE", "disable");
        env.put("AWS_RDS_INSTANCE", instance);
        env.put("AWS_REGION", REGION);
        env.put("CDC_TOPIC_PREFIX", TOPIC_PREFIX);
        env.put("CDC_SLOT_NAME", slot);
        env.put("CDC_PUBLICATION_NAME", publication);
        env.put("CDC_TABLES", tables);
        env.put("S3_BUCKET", BUCKET);
        env.put("S3_ENDPOINT", s3.endpoint().toString());
        env.put("S3_PATH_STYLE_ACCESS", "true");
        env.put("AWS_ACCESS_KEY_ID", s3.accessKey());
        env.put("AWS_SECRET_ACCESS_KEY", s3.secretKey());
        return env;
    }

    /** Rewrites the .env with another CDC_TABLES, as a user edits the Secret or the .env; the rest stays. */
    public void changeTables(String tables) {
        writeDotEnv(tables);
    }

    public ConnectRest rest() {
        return worker.rest();
    }

    /** PUTs a connector file's config (with overrides) and waits until it and its tasks run. */
    public void register(ConnectorFiles.Connector connector) {
        rest().putConnector(connector.name(), connector.config());
        rest().awaitRunning(connector.name(), Duration.ofSeconds(90));
    }

    /** Polls until Connect reports the connector or one of its tasks failed, and returns what it says. */
    public String awaitFailure(String connector, Duration timeout) {
        return Poll.until(connector + " to fail", timeout, () -> {
            try {
                rest().assertNotFailed(connector);
                return null;
            } catch (AssertionError failed) {
                return failed.getMessage();
            }
        });
    }

    public String topic(String table) {
        return TOPIC_PREFIX + ".public." + table;
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (AutoCloseable service : started) {
            try {
                service.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("stopping the pipeline failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        started.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
