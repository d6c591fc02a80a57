package io.github.cdcbundle.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdcbundle.testkit.Postgres;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** status.sh's replication-slot section against a real PostgreSQL 15 and the real psql client. */
class StatusSlotLagTest {
    private static final String PG_BIN = "/usr/lib/postgresql/15/bin";
    private static Postgres postgres;

    @TempDir Path dir;

    @BeforeAll
    static void start() {
        postgres = Postgres.start();
        postgres.execute("postgres", "CREATE TABLE t (id int PRIMARY KEY)",
                "SELECT pg_create_logical_replication_slot('cdc_shop', 'pgoutput')",
                // WAL the slot has not confirmed yet: the lag must be above zero.
                "INSERT INTO t SELECT generate_series(1, 1000)");
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    private FakeCluster clusterWithDatabase(String slot) {
        FakeCluster cluster = new FakeCluster(dir);
        cluster.env(FakeCluster.VALID_ENV
                .replace("AWS_RDS_HOST=mydb.abc123xyz.eu-west-1.rds.amazonaws.com", "AWS_RDS_HOST=" + postgres.host())
                .replace("AWS_RDS_PORT=5432", "AWS_RDS_PORT=" + postgres.port())
                .replace("AWS_RDS_USER=cdc_user", "AWS_RDS_USER=" + postgres.user())
                .replace("AWS_RDS_PASSWORD=" + FakeCluster.PASSWORD, "AWS_RDS_PASSWORD=" + postgres.password())
                .replace("AWS_RDS_DATABASE=shop", "AWS_RDS_DATABASE=postgres")
                .replace("AWS_RDS_SSLMODE=require", "AWS_RDS_SSLMODE=disable")
                .replace("CDC_SLOT_NAME=cdc_shop", "CDC_SLOT_NAME=" + slot));
        // The real psql (the server's bin folder has it on every machine with PostgreSQL 15).
        cluster.environment.put("PATH", cluster.bin + ":" + PG_BIN + ":/usr/local/bin:/usr/bin:/bin");
        return cluster;
    }

    @Test
    void printsTheSlotsStateAndBytesBehind() {
        FakeCluster.Result result = clusterWithDatabase("cdc_shop").run("status.sh", "--env-file",
                dir.resolve(".env").toString());

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).as(result.output())
                .containsPattern("== Replication slot lag\ncdc_shop: inactive, [1-9][0-9]* bytes behind\n")
                .doesNotContain(postgres.password() + "\n");
    }

    @Test
    void saysSoWhenTheSlotDoesNotExist() {
        FakeCluster.Result result = clusterWithDatabase("no_such_slot").run("status.sh", "--env-file",
                dir.resolve(".env").toString());

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("== Replication slot lag\nslot no_such_slot not found");
    }
}
