package io.github.cdcbundle.e2e;

import io.github.cdcbundle.testkit.Postgres;
import io.github.cdcbundle.testkit.ProcessConnectWorker;
import io.github.cdcbundle.testkit.ProcessKafkaBroker;
import io.github.cdcbundle.testkit.S3Server;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The stack of the tests that kill things, each service where a fault can reach it: PostgreSQL on the local backend
 * (pg_ctl restart -m immediate needs the server's own data) holding ChangeWriter's tables, a KRaft broker in its own
 * JVM, the S3 server, and Connect workers started by the image's start script with the configuration it ships, whose
 * connectors read their secrets from a .env through the config provider. {@code name} is the slot, publication and
 * worker group.
 */
final class ProcessStack implements AutoCloseable {
    final Postgres pg;
    final ProcessKafkaBroker kafka;
    final S3Server s3;
    private final ProcessConnectWorker.Launch launch;

    private ProcessStack(Postgres pg, ProcessKafkaBroker kafka, S3Server s3, ProcessConnectWorker.Launch launch) {
        this.pg = pg;
        this.kafka = kafka;
        this.s3 = s3;
        this.launch = launch;
    }

    /** {@code s3Folder}: where the S3 server keeps objects as files, or null to keep them in memory. */
    static ProcessStack start(Path work, String name, Path s3Folder) throws IOException {
        return start(work, name, s3Folder, List.of());
    }

    /** Also captures the tables {@code setup} creates (and fills), named in {@code tables}. */
    static ProcessStack start(Path work, String name, Path s3Folder, List<String> tables, String... setup)
            throws IOException {
        List<String> captured = new ArrayList<>(List.of("public.items"));
        captured.addAll(tables);
        Postgres pg = Postgres.start();
        pg.createDatabase(Pipeline.DATABASE);
        pg.execute(Pipeline.DATABASE, ChangeWriter.SETUP.toArray(new String[0]));
        pg.execute(Pipeline.DATABASE, setup);
        ProcessKafkaBroker kafka = ProcessKafkaBroker.start();
        S3Server s3 = S3Server.start(s3Folder);
        s3.createBucket(Pipeline.BUCKET);
        pg.createCdcUser(Pipeline.DATABASE);
        pg.createPublication(Pipeline.DATABASE, name, captured);
        Path dotEnv = work.resolve(".env");
        DotEnvFile.write(dotEnv, "the " + name + " test's workers read this through the secrets config provider",
                Pipeline.connectorEnv(pg, s3, name, name, name, String.join(",", captured)));
        ProcessConnectWorker.Launch launch = new ProcessConnectWorker.Launch(
                Path.of(System.getProperty("cdc.start.script")), workerClasspath(), kafka.bootstrapServers(),
                plugins(), Map.of(
                        "CONNECT_GROUP_ID", name,
                        "CONNECT_CONFIG_PROVIDERS_SECRETS_PARAM_SOURCES", "dotenv",
                        "CONNECT_CONFIG_PROVIDERS_SECRETS_PARAM_DOTENV_PATH", dotEnv.toString()));
        return new ProcessStack(pg, kafka, s3, launch);
    }

    ProcessConnectWorker startWorker() {
        return ProcessConnectWorker.start(launch);
    }

    /** The worker's class path (the Kafka jars the image's start script runs), as connect-image wrote it. */
    static String workerClasspath() {
        try {
            return Files.readString(Path.of(System.getProperty("cdc.worker.classpath.file"))).trim();
        } catch (IOException e) {
            throw new IllegalStateException("the worker's class path file (build connect-image first)", e);
        }
    }

    /** connect-image's plugin folders. */
    static Path plugins() {
        return Path.of(System.getProperty("cdc.plugins"));
    }

    static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            // best effort: the next service still has to stop
        }
    }

    /** Stops the broker, S3 and PostgreSQL, in that order (workers are the test's to stop first). */
    @Override
    public void close() {
        for (AutoCloseable c : new AutoCloseable[] {kafka, s3, pg}) {
            closeQuietly(c);
        }
    }
}
