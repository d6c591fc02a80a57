package io.github.cdcbundle.e2e;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a user's .env, as our config provider reads it ({@link ProviderDotEnv}), for the local pipeline's "your own
 * PostgreSQL and S3" mode. Every problem is one line naming the key; values are never printed (they hold passwords).
 */
final class DotEnvCheck {
    static final List<String> REQUIRED = List.of("AWS_RDS_HOST", "AWS_RDS_PORT", "AWS_RDS_USER", "AWS_RDS_PASSWORD",
            "AWS_RDS_DATABASE", "AWS_REGION", "CDC_TOPIC_PREFIX", "CDC_SLOT_NAME", "CDC_PUBLICATION_NAME",
            "CDC_TABLES", "S3_BUCKET");

    private DotEnvCheck() {
    }

    /** The first problem, as one line naming the key, or empty when the file is usable. */
    static Optional<String> problem(Map<String, String> env) {
        for (String key : REQUIRED) {
            if (env.getOrDefault(key, "").isBlank()) {
                return Optional.of(key + " is missing or empty (see .env.example)");
            }
        }
        try {
            int port = Integer.parseInt(env.get("AWS_RDS_PORT"));
            if (port < 1 || port > 65535) {
                return Optional.of("AWS_RDS_PORT must be a port number between 1 and 65535");
            }
        } catch (NumberFormatException e) {
            return Optional.of("AWS_RDS_PORT must be a port number between 1 and 65535");
        }
        String endpoint = env.getOrDefault("S3_ENDPOINT", "");
        if (!endpoint.isBlank()) {
            try {
                URI uri = URI.create(endpoint);
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                    return Optional.of("S3_ENDPOINT must be an http(s) URL, or empty for AWS S3");
                }
            } catch (IllegalArgumentException e) {
                return Optional.of("S3_ENDPOINT must be an http(s) URL, or empty for AWS S3");
            }
        }
        boolean id = !env.getOrDefault("AWS_ACCESS_KEY_ID", "").isBlank();
        boolean secret = !env.getOrDefault("AWS_SECRET_ACCESS_KEY", "").isBlank();
        if (id != secret) {
            return Optional.of((id ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID") + " must be set together with "
                    + (id ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY") + " (or both left empty for IAM roles)");
        }
        String path = env.getOrDefault("S3_PATH_STYLE_ACCESS", "false");
        if (!path.equalsIgnoreCase("true") && !path.equalsIgnoreCase("false")) {
            return Optional.of("S3_PATH_STYLE_ACCESS must be true or false");
        }
        return Optional.empty();
    }
}
