package io.github.cdcbundle.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Each service of the kit starts, answers, and stops. */
class StackSmokeTest {

    @Test
    void postgresRunsWithLogicalReplication() throws Exception {
        try (Postgres pg = Postgres.start(); Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            ResultSet rs = s.executeQuery("SHOW wal_level");
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("logical");
        }
    }

    @Test
    void brokerWorkerAndS3Answer() throws Exception {
        try (KafkaBroker kafka = KafkaBroker.start(); S3Server s3 = S3Server.start()) {
            kafka.createTopic("smoke", 2);
            try (var admin = kafka.admin()) {
                assertThat(admin.listTopics().names().get()).contains("smoke");
            }
            s3.createBucket("smoke");
            try (S3Client client = s3.client()) {
                client.putObject(b -> b.bucket("smoke").key("a/b.txt"), RequestBody.fromString("hi"));
            }
            assertThat(s3.keys("smoke", "a/")).containsExactly("a/b.txt");
            s3.stop();
            s3.restart();
            assertThat(new String(s3.get("smoke", "a/b.txt"), StandardCharsets.UTF_8)).isEqualTo("hi");

            try (InJvmConnectWorker worker = InJvmConnectWorker.start(kafka.bootstrapServers(), null)) {
                assertThat(worker.rest().ready()).isTrue();
                assertThat(Set.copyOf(worker.rest().connectorPlugins(true)))
                        .contains("org.apache.kafka.connect.json.JsonConverter");
            }
        }
    }
}
