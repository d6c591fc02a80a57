package io.github.cdcbundle.s3sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Issue 16, item 6: the object options are parsed once, canonically, and bad values fail naming the option. */
class S3WriteOptionsTest {
    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = ';', value = {
        "s3.ssea.name;aws:kms:dsse;Invalid value aws:kms:dsse for configuration s3.ssea.name: must be empty (the "
            + "bucket's default encryption), AES256 (SSE-S3) or aws:kms (SSE-KMS)",
        "s3.storage.class;COLD;Invalid value COLD for configuration s3.storage.class: must be empty or one of "
            + "DEEP_ARCHIVE, EXPRESS_ONEZONE, FSX_ONTAP, FSX_OPENZFS, GLACIER, GLACIER_IR, INTELLIGENT_TIERING, "
            + "ONEZONE_IA, OUTPOSTS, REDUCED_REDUNDANCY, SNOW, STANDARD, STANDARD_IA",
        "s3.acl.canned;owner-only;Invalid value owner-only for configuration s3.acl.canned: must be empty or one of "
            + "authenticated-read, aws-exec-read, bucket-owner-full-control, bucket-owner-read, private, public-read, "
            + "public-read-write",
        "s3.object.tags;team;Invalid value [team] for configuration s3.object.tags: each tag is key=value with a "
            + "non-empty key, got 'team'",
        "s3.object.tags;=x;Invalid value [=x] for configuration s3.object.tags: each tag is key=value with a "
            + "non-empty key, got '=x'",
        "s3.object.tags;a=1,a=2;Invalid value [a=1, a=2] for configuration s3.object.tags: tag 'a' is given twice",
        "s3.object.tags;a=x&y;Invalid value [a=x&y] for configuration s3.object.tags: tag 'a': keys and values may "
            + "hold letters, digits, spaces and _ . : / = + - @ only (a ',' separates tags)",
        "s3.object.tags;aws:owner=me;Invalid value [aws:owner=me] for configuration s3.object.tags: tag "
            + "'aws:owner': the aws: prefix is reserved for AWS",
        "s3.object.tags;a=1,b=2,c=3,d=4,e=5,f=6,g=7,h=8,i=9,j=10,k=11;Invalid value [a=1, b=2, c=3, d=4, e=5, f=6, "
            + "g=7, h=8, i=9, j=10, k=11] for configuration s3.object.tags: S3 allows at most 10 tags per object, "
            + "got 11",
        "s3.sse.kms.key.id;my key;Invalid value my key for configuration s3.sse.kms.key.id: a KMS key id, key ARN or "
            + "alias has no spaces or non-ASCII characters",
    })
    void invalidValuesFailNamingTheOption(String option, String value, String message) {
        Map<String, String> props = S3SinkConfigTest.minimal();
        props.put(option, value);
        assertThatThrownBy(() -> new S3SinkConfig(props)).isInstanceOf(ConfigException.class).hasMessage(message);
        assertThat(errors(props)).containsOnlyKeys(option);
    }

    @ParameterizedTest(name = "{0} without aws:kms")
    @CsvSource(delimiter = ';', value = {
        "s3.sse.kms.key.id;alias/lake;a KMS key needs s3.ssea.name=aws:kms",
        "s3.sse.bucket.key.enabled;true;an S3 Bucket Key needs s3.ssea.name=aws:kms",
    })
    void kmsSettingsNeedSseKms(String option, String value, String message) {
        for (String sse : new String[] {"", "AES256"}) {
            Map<String, String> props = S3SinkConfigTest.minimal();
            props.put(S3SinkConfig.S3_SSE, sse);
            props.put(option, value);
            assertThatThrownBy(() -> new S3SinkConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessage("Invalid configuration " + option + ": " + message);
            assertThat(errors(props)).containsOnly(Map.entry(option, List.of(message)));
        }
    }

    @Test
    void valuesAreCanonicalAndTagsKeepTheirOrderEncodedForTheHeader() {
        Map<String, String> props = S3SinkConfigTest.minimal();
        props.put(S3SinkConfig.S3_SSE, "AWS:KMS");
        props.put(S3SinkConfig.S3_SSE_KMS_KEY_ID, " alias/lake ");
        props.put(S3SinkConfig.S3_SSE_BUCKET_KEY, "true");
        props.put(S3SinkConfig.S3_ACL_CANNED, "Bucket-Owner-Full-Control");
        props.put(S3SinkConfig.S3_STORAGE_CLASS, "intelligent_tiering");
        props.put(S3SinkConfig.S3_OBJECT_TAGS, "team = data lake, cost-centre=4711, empty=, path=a/b+c, é=ü");
        S3SinkConfig config = new S3SinkConfig(props);
        assertThat(config.serverSideEncryption()).isEqualTo("aws:kms");
        assertThat(config.kmsKeyId()).isEqualTo("alias/lake");
        assertThat(config.bucketKeyEnabled()).isTrue();
        assertThat(config.cannedAcl()).isEqualTo("bucket-owner-full-control");
        assertThat(config.storageClass()).isEqualTo("INTELLIGENT_TIERING");
        assertThat(config.objectTagging())
            .isEqualTo("team=data%20lake&cost-centre=4711&empty=&path=a%2Fb%2Bc&%C3%A9=%C3%BC");

        ObjectAttributes data = ObjectAttributes.forData(config, "application/x-ndjson");
        ObjectAttributes marker = ObjectAttributes.forMarker(config);
        assertThat(marker.serverSideEncryption).isEqualTo(data.serverSideEncryption).isEqualTo("aws:kms");
        assertThat(marker.kmsKeyId).isEqualTo(data.kmsKeyId);
        assertThat(marker.bucketKey).isEqualTo(data.bucketKey).isTrue();
        assertThat(marker.cannedAcl).isEqualTo(data.cannedAcl);
        assertThat(marker.storageClass).isNull();
        assertThat(marker.tagging).isNull();
    }

    @Test
    void emptyMeansNothingIsSent() {
        S3SinkConfig config = new S3SinkConfig(S3SinkConfigTest.minimal());
        ObjectAttributes data = ObjectAttributes.forData(config, "application/x-ndjson");
        assertThat(data.serverSideEncryption).isNull();
        assertThat(data.kmsKeyId).isNull();
        assertThat(data.bucketKey).isFalse();
        assertThat(data.cannedAcl).isNull();
        assertThat(data.storageClass).isNull();
        assertThat(data.tagging).isNull();
    }

    private static Map<String, List<String>> errors(Map<String, String> props) {
        return new S3SinkConnector().validate(props).configValues().stream()
            .filter(v -> !v.errorMessages().isEmpty())
            .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
    }
}
