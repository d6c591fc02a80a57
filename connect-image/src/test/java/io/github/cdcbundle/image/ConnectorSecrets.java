package io.github.cdcbundle.image;

import io.github.cdcbundle.testkit.Postgres;
import io.github.cdcbundle.testkit.S3Server;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What connectors/*.json read through ${secrets:...}, as the worker's environment holds them with the chart's
 * secret.source=env: database "shop", table public.items, Debezium logging in as the docs' CDC user, S3 through the
 * endpoint that enforces docs/iam-policy.json. {@code name} names the instance, and the slot and publication
 * (cdc_&lt;name&gt; with '-' as '_').
 */
final class ConnectorSecrets {
    private ConnectorSecrets() {
    }

    static Map<String, String> of(Postgres postgres, S3Server s3, String name) {
        String slot = "cdc_" + name.replace('-', '_');
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_RDS_HOST", postgres.host());
        env.put("AWS_RDS_PORT", Integer.toString(postgres.port()));
        env.put("AWS_RDS_USER", postgres.cdcUser());
        env.put("AWS_RDS_PASSWORD", postgres.cdcPassword());
        env.put("AWS_RDS_DATABASE", "shop");
        env.put("AWS_RDS_SSLMODE", "disable");
        env.put("AWS_RDS_INSTANCE", name);
        env.put("AWS_REGION", "local-1");
        env.put("CDC_TOPIC_PREFIX", "shop");
        env.put("CDC_SLOT_NAME", slot);
        env.put("CDC_PUBLICATION_NAME", slot);
        env.put("CDC_TABLES", "public.items");
        env.put("S3_BUCKET", "lake");
        env.put("S3_ENDPOINT", s3.endpoint().toString());
        env.put("S3_PATH_STYLE_ACCESS", "true");
        env.put("AWS_ACCESS_KEY_ID", s3.accessKey());
        env.put("AWS_SECRET_ACCESS_KEY", s3.secretKey());
        return env;
    }
}
