package io.github.cdcbundle.s3sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class S3SinkConfigTest {
    static Map<String, String> minimal() {
        Map<String, String> props = new HashMap<>();
        props.put(S3SinkConfig.S3_BUCKET, "bucket");
        return props;
    }

    @Test
    void everyOptionHasDocImportanceAndDefaultOrIsRequired() {
        for (ConfigDef.ConfigKey key : S3SinkConfig.CONFIG_DEF.configKeys().values()) {
            assertThat(key.documentation).as(key.name).isNotBlank();
            assertThat(key.importance).as(key.name).isNotNull();
            assertThat(key.hasDefault() || key.name.equals(S3SinkConfig.S3_BUCKET)).as(key.name).isTrue();
        }
    }

    @Test
    void defaults() {
        S3SinkConfig config = new S3SinkConfig(minimal());
        assertThat(config.topicsDir()).isEqualTo("topics");
        assertThat(config.partitioner()).isEqualTo(PartitionerKind.KAFKA_PARTITION);
        assertThat(config.extension()).isEqualTo("json");
        assertThat(config.needsRecoveryMarkers()).isFalse();
        assertThat(config.accessKeyId()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "s3.bucket.name; ;Invalid value  for configuration s3.bucket.name: a bucket name is required",
        "partitioner;hourly;Invalid value hourly for configuration partitioner: must be one of [kafka-partition, field, time]",
        "path.format;'year'=YYYY/'month;Invalid value 'year'=YYYY/'month for configuration path.format: unterminated quote",
        "timezone;Mars/Olympus;Invalid value Mars/Olympus for configuration timezone: not a time zone id (use e.g. UTC or Europe/Paris)",
        "s3.endpoint;ftp://x;Invalid value ftp://x for configuration s3.endpoint: must be an http:// or https:// URL with a host",
        "rotate.schedule.interval.ms;0;Invalid value 0 for configuration rotate.schedule.interval.ms: must be -1 (disabled) or at least 1",
        "s3.part.size;1024;Invalid value 1024 for configuration s3.part.size: Value must be at least 5242880",
        "format;avro;Invalid value avro for configuration format: must be one of [json, bytes, parquet]",
        "timestamp.extractor;Kafka;Invalid value Kafka for configuration timestamp.extractor: must be one of [Record, RecordField, Wallclock]",
    })
    void invalidOptionsFailNamingTheOption(String option, String value, String message) {
        Map<String, String> props = minimal();
        props.put(option, value == null ? "" : value);
        assertThatThrownBy(() -> new S3SinkConfig(props)).isInstanceOf(ConfigException.class).hasMessage(message);

        Config validated = new S3SinkConnector().validate(props);
        ConfigValue configValue = validated.configValues().stream().filter(v -> v.name().equals(option)).findFirst()
            .orElseThrow();
        assertThat(configValue.errorMessages()).isNotEmpty();
    }

    @Test
    void enumsAreCaseInsensitive() {
        Map<String, String> props = minimal();
        props.put(S3SinkConfig.PARTITIONER, "TIME");
        props.put(S3SinkConfig.COMPRESSION, "GZip");
        props.put(S3SinkConfig.TIMESTAMP_EXTRACTOR, "wallclock");
        S3SinkConfig config = new S3SinkConfig(props);
        assertThat(config.partitioner()).isEqualTo(PartitionerKind.TIME);
        assertThat(config.extension()).isEqualTo("json.gz");
        assertThat(config.needsRecoveryMarkers()).isTrue();
    }

    @Test
    void emptyKeysMeanTheDefaultCredentialChain() {
        // what ${secrets:AWS_ACCESS_KEY_ID} resolves to when .env or the Secret leaves the keys empty (IAM roles)
        Map<String, String> props = minimal();
        props.put(S3SinkConfig.AWS_ACCESS_KEY_ID, "");
        props.put(S3SinkConfig.AWS_SECRET_ACCESS_KEY, " ");
        S3SinkConfig config = new S3SinkConfig(props);
        assertThat(config.accessKeyId()).isNull();
        assertThat(config.secretAccessKey()).isNull();
    }

    @Test
    void crossOptionErrorsAreReportedOnTheOptionToFix() {
        Map<String, String> props = minimal();
        props.put(S3SinkConfig.PARTITIONER, "field");
        props.put(S3SinkConfig.AWS_ACCESS_KEY_ID, "AKIASECRETVALUE");
        assertThatThrownBy(() -> new S3SinkConfig(props)).isInstanceOf(ConfigException.class)
            .hasMessage("Invalid configuration aws.secret.access.key: aws.access.key.id and aws.secret.access.key "
                + "must be set together (or both left unset for the default credential chain)");

        Map<String, List<String>> errors = new S3SinkConnector().validate(props).configValues().stream()
            .filter(v -> !v.errorMessages().isEmpty())
            .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
        assertThat(errors).containsOnlyKeys(S3SinkConfig.AWS_SECRET_ACCESS_KEY, S3SinkConfig.PARTITION_FIELD_NAME);
        assertThat(errors.toString()).doesNotContain("AKIASECRETVALUE");
    }

    @Test
    void secretsNeverAppearInToStringOrValidation() {
        Map<String, String> props = minimal();
        props.put(S3SinkConfig.AWS_ACCESS_KEY_ID, "AKIASECRETVALUE");
        props.put(S3SinkConfig.AWS_SECRET_ACCESS_KEY, "very-secret-key");
        S3SinkConfig config = new S3SinkConfig(props);
        assertThat(config.toString()).doesNotContain("very-secret-key").doesNotContain("AKIASECRETVALUE");
        assertThat(config.secretAccessKey().toString()).isEqualTo("[hidden]");
        assertThat(config.values().toString()).doesNotContain("very-secret-key");
        assertThat(config.secretAccessKey().value()).isEqualTo("very-secret-key");
    }

    @Test
    void bytesFormatCannotStoreKeys() {
        Map<String, String> props = minimal();
        props.put(S3SinkConfig.FORMAT, "bytes");
        props.put(S3SinkConfig.STORE_KAFKA_KEYS, "true");
        assertThatThrownBy(() -> new S3SinkConfig(props)).isInstanceOf(ConfigException.class)
            .hasMessage("Invalid configuration format: store.kafka.keys and store.kafka.headers need format=json");
    }
}
