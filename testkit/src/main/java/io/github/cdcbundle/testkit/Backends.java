package io.github.cdcbundle.testkit;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Chooses who runs the stack: {@code -Dcdc.backend=local} (default: local processes, no Docker needed) or
 * {@code -Dcdc.backend=testcontainers} (PostgreSQL, Redpanda and LocalStack containers; needs a Docker engine).
 * The Connect worker always runs here, loading our plugin folders.
 */
public final class Backends {
    public static final String PROPERTY = "cdc.backend";

    private Backends() {
    }

    public static boolean containers() {
        String backend = System.getProperty(PROPERTY, "local").trim().toLowerCase(Locale.ROOT);
        switch (backend) {
            case "local":
                return false;
            case "testcontainers":
                return true;
            default:
                throw new IllegalArgumentException("-D" + PROPERTY + " must be local or testcontainers, got '"
                        + backend + "'");
        }
    }

    public static Database database() {
        return containers() ? Containers.postgres() : Postgres.start();
    }

    public static Broker broker() {
        return containers() ? Containers.redpanda() : KafkaBroker.start();
    }

    /** Objects in memory, or (local backend only) as files under {@code folder}. */
    public static ObjectStore objectStore(Path folder) {
        return containers() ? Containers.localstack() : S3Server.start(folder);
    }
}
