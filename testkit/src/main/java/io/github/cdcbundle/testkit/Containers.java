package io.github.cdcbundle.testkit;

import java.net.URI;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.redpanda.RedpandaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The Docker-based backend: thin wrappers that make Testcontainers' PostgreSQL, Redpanda and LocalStack look like
 * the local services. It cannot run without a Docker engine, so our own CI never runs it.
 */
final class Containers {
    private Containers() {
    }

    /**
     * The official image asks for a scram-sha-256 password from outside the container (how every test connects
     * through the mapped port) but trusts connections from inside it (socket, loopback), which no test makes; the CDC
     * user is made by {@link Database#createCdcUser} as on the local backend.
     */
    static Database postgres() {
        PostgreSQLContainer<?> container = new PostgreSQLContainer<>(DockerImageName.parse("postgres:15"))
                .withCommand("postgres", "-c", "wal_level=logical", "-c", "max_wal_senders=20",
                        "-c", "max_replication_slots=20");
        container.start();
        return new Database() {
            @Override
            public String host() {
                return container.getHost();
            }

            @Override
            public int port() {
                return container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT);
            }

            @Override
            public String user() {
                return container.getUsername();
            }

            @Override
            public String password() {
                return container.getPassword();
            }

            @Override
            public void close() {
                container.stop();
            }
        };
    }

    static Broker redpanda() {
        RedpandaContainer container = new RedpandaContainer(
                DockerImageName.parse("docker.redpanda.com/redpandadata/redpanda:v24.2.7"));
        container.start();
        return new Broker() {
            @Override
            public String bootstrapServers() {
                return container.getBootstrapServers();
            }

            @Override
            public void close() {
                container.stop();
            }
        };
    }

    static ObjectStore localstack() {
        LocalStackContainer container = new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.0"))
                .withServices(LocalStackContainer.Service.S3);
        container.start();
        return new ObjectStore() {
            @Override
            public URI endpoint() {
                return container.getEndpoint();
            }

            @Override
            public String accessKey() {
                return container.getAccessKey();
            }

            @Override
            public String secretKey() {
                return container.getSecretKey();
            }

            @Override
            public String region() {
                return container.getRegion();
            }

            @Override
            public void close() {
                container.stop();
            }
        };
    }
}
