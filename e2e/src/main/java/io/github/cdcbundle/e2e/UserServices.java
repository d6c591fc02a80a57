package io.github.cdcbundle.e2e;

import io.github.cdcbundle.testkit.Database;
import io.github.cdcbundle.testkit.ObjectStore;
import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** The user's own PostgreSQL and S3, described by their .env; the local pipeline only reads from them. */
final class UserServices {
    private UserServices() {
    }

    static Database database(Map<String, String> env) {
        return new Database() {
            @Override
            public String host() {
                return env.get("AWS_RDS_HOST");
            }

            @Override
            public int port() {
                return Integer.parseInt(env.get("AWS_RDS_PORT"));
            }

            @Override
            public String user() {
                return env.get("AWS_RDS_USER");
            }

            @Override
            public String password() {
                return env.get("AWS_RDS_PASSWORD");
            }

            // The user's own instance: the .env's user is the CDC user (and the only one the local pipeline gets).
            @Override
            public String cdcUser() {
                return user();
            }

            @Override
            public String cdcPassword() {
                return password();
            }

            @Override
            public String jdbcUrl(String database) {
                return "jdbc:postgresql://" + host() + ":" + port() + "/" + database + "?sslmode="
                        + env.getOrDefault("AWS_RDS_SSLMODE", "prefer");
            }

            @Override
            public void close() {
                // not ours to stop
            }
        };
    }

    static ObjectStore objectStore(Map<String, String> env) {
        String endpoint = env.getOrDefault("S3_ENDPOINT", "");
        return new ObjectStore() {
            @Override
            public URI endpoint() {
                return endpoint.isBlank() ? URI.create("https://s3." + region() + ".amazonaws.com")
                        : URI.create(endpoint);
            }

            @Override
            public String accessKey() {
                return env.getOrDefault("AWS_ACCESS_KEY_ID", "");
            }

            @Override
            public String secretKey() {
                return env.getOrDefault("AWS_SECRET_ACCESS_KEY", "");
            }

            @Override
            public String region() {
                return env.get("AWS_REGION");
            }

            @Override
            public S3Client client() {
                AwsCredentialsProvider credentials = accessKey().isBlank() ? DefaultCredentialsProvider.builder().build()
                        : StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey(), secretKey()));
                S3ClientBuilder builder = S3Client.builder().httpClient(UrlConnectionHttpClient.builder().build())
                        .region(Region.of(region())).credentialsProvider(credentials)
                        .forcePathStyle(Boolean.parseBoolean(env.getOrDefault("S3_PATH_STYLE_ACCESS", "false")));
                if (!endpoint.isBlank()) {
                    builder.endpointOverride(URI.create(endpoint));
                }
                return builder.build();
            }

            @Override
            public void close() {
                // not ours to stop
            }
        };
    }
}
