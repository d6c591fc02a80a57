package io.github.cdcbundle.s3sink;

import java.net.URI;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import io.github.cdcbundle.s3sink.parquet.ParquetCodec;

/**
 * The sink's options. Each option has exactly one parser; the {@link ConfigDef} validator and the typed getters
 * both call it, so {@code validate} and {@code start} can never disagree.
 */
public final class S3SinkConfig extends AbstractConfig {

    public static final String S3_BUCKET = "s3.bucket.name";
    public static final String S3_REGION = "s3.region";
    public static final String S3_ENDPOINT = "s3.endpoint";
    public static final String S3_PATH_STYLE = "s3.path.style.access";
    public static final String S3_PART_SIZE = "s3.part.size";
    public static final String S3_UPLOAD_ASYNC = "s3.upload.async";
    public static final String S3_RETRY_MAX_ATTEMPTS = "s3.retry.max.attempts";
    public static final String S3_RETRY_BACKOFF_MS = "s3.retry.backoff.ms";
    public static final String S3_RETRY_MAX_BACKOFF_MS = "s3.retry.max.backoff.ms";
    public static final String RETRY_BACKOFF_MS = "retry.backoff.ms";
    public static final String AWS_ACCESS_KEY_ID = "aws.access.key.id";
    public static final String AWS_SECRET_ACCESS_KEY = "aws.secret.access.key";
    /** Confluent's S3 sink's names for encryption and ACL, so its users' configs carry over. */
    public static final String S3_SSE = "s3.ssea.name";
    public static final String S3_SSE_KMS_KEY_ID = "s3.sse.kms.key.id";
    public static final String S3_SSE_BUCKET_KEY = "s3.sse.bucket.key.enabled";
    public static final String S3_ACL_CANNED = "s3.acl.canned";
    public static final String S3_STORAGE_CLASS = "s3.storage.class";
    public static final String S3_OBJECT_TAGS = "s3.object.tags";
    public static final String TOPICS_DIR = "topics.dir";
    public static final String PARTITIONER = "partitioner";
    public static final String PARTITION_FIELD_NAME = "partition.field.name";
    public static final String PATH_FORMAT = "path.format";
    public static final String TIMEZONE = "timezone";
    public static final String LOCALE = "locale";
    public static final String PARTITION_DURATION_MS = "partition.duration.ms";
    public static final String TIMESTAMP_EXTRACTOR = "timestamp.extractor";
    public static final String TIMESTAMP_FIELD = "timestamp.field";
    public static final String TIMESTAMP_UNIT = "timestamp.unit";
    public static final String FLUSH_SIZE = "flush.size";
    public static final String ROTATE_INTERVAL_MS = "rotate.interval.ms";
    public static final String ROTATE_SCHEDULE_INTERVAL_MS = "rotate.schedule.interval.ms";
    public static final String FORMAT = "format";
    public static final String JSON_RENDERING = "json.rendering";
    public static final String COMPRESSION = "compression";
    public static final String BEHAVIOR_ON_NULL_VALUES = "behavior.on.null.values";
    public static final String STORE_KAFKA_KEYS = "store.kafka.keys";
    public static final String STORE_KAFKA_HEADERS = "store.kafka.headers";
    public static final String PARQUET_CODEC = "parquet.codec";
    public static final String PARQUET_ROW_GROUP_SIZE = "parquet.row.group.size";
    public static final String PARQUET_TIMESTAMP_MILLIS_FIELDS = "parquet.timestamp.millis.fields";

    /** S3's smallest allowed part (all parts but the last). */
    public static final int MIN_PART_SIZE = 5 * 1024 * 1024;
    public static final int MAX_PART_SIZE = 1024 * 1024 * 1024;

    private static final String GROUP_S3 = "S3";
    private static final String GROUP_LAYOUT = "Object layout";
    private static final String GROUP_ROTATION = "Rotation";
    private static final String GROUP_CONTENT = "Content";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
        .define(S3_BUCKET, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, validator(S3_BUCKET, S3SinkConfig::parseBucket),
            Importance.HIGH, "The S3 bucket the objects are written to.", GROUP_S3, 1, Width.MEDIUM, "Bucket")
        .define(S3_REGION, Type.STRING, "us-east-1", validator(S3_REGION, S3SinkConfig::parseRegion),
            Importance.HIGH, "The AWS region of the bucket (also used to sign requests to a custom endpoint).",
            GROUP_S3, 2, Width.SHORT, "Region")
        .define(S3_ENDPOINT, Type.STRING, "", validator(S3_ENDPOINT, S3SinkConfig::parseEndpoint),
            Importance.MEDIUM, "An http(s) URL of an S3-compatible endpoint (MinIO, LocalStack, S3Proxy). "
                + "Empty: the AWS endpoint of the region.", GROUP_S3, 3, Width.LONG, "Endpoint")
        .define(S3_PATH_STYLE, Type.BOOLEAN, false, Importance.LOW,
            "Use path-style addressing (http://host/bucket/key), which most S3-compatible servers need.",
            GROUP_S3, 4, Width.SHORT, "Path-style access")
        .define(AWS_ACCESS_KEY_ID, Type.PASSWORD, null, Importance.MEDIUM,
            "Access key id. Leave unset (or empty) to use the SDK's default credential chain (IRSA web identity, "
                + "environment, profile, instance role). Set together with " + AWS_SECRET_ACCESS_KEY
                + "; use a ${provider:key} placeholder rather than a literal.", GROUP_S3, 5, Width.MEDIUM,
            "Access key id")
        .define(AWS_SECRET_ACCESS_KEY, Type.PASSWORD, null, Importance.MEDIUM,
            "Secret access key; set together with " + AWS_ACCESS_KEY_ID + ". Never logged.", GROUP_S3, 6,
            Width.MEDIUM, "Secret access key")
        .define(S3_PART_SIZE, Type.INT, 8 * 1024 * 1024, ConfigDef.Range.between(MIN_PART_SIZE, MAX_PART_SIZE),
            Importance.MEDIUM, "Bytes buffered per open object before it becomes a multipart upload and the buffer "
                + "is sent as one part. Memory is about this size times the number of open objects.",
            GROUP_S3, 7, Width.SHORT, "Part size")
        .define(S3_UPLOAD_ASYNC, Type.BOOLEAN, true, Importance.LOW,
            "Upload each closed batch on the task's upload thread while the task fills the next one (one "
                + "batch in flight per partition; offsets are committed only once its objects are in S3). false "
                + "uploads on the task's own thread: slower, and the buffers of at most one batch per partition.",
            GROUP_S3, 18, Width.SHORT, "Upload in background")
        .define(S3_RETRY_MAX_ATTEMPTS, Type.INT, 6, ConfigDef.Range.atLeast(1), Importance.LOW,
            "Attempts of one S3 call (5xx, throttling, network errors) before the task gives up for now with a "
                + "RetriableException; Connect then re-delivers the records after " + RETRY_BACKOFF_MS + ".",
            GROUP_S3, 8, Width.SHORT, "S3 attempts")
        .define(S3_RETRY_BACKOFF_MS, Type.LONG, 100L, ConfigDef.Range.atLeast(0), Importance.LOW,
            "First wait between S3 attempts, doubled after each failure.", GROUP_S3, 9, Width.SHORT,
            "S3 backoff")
        .define(S3_RETRY_MAX_BACKOFF_MS, Type.LONG, 5_000L, ConfigDef.Range.atLeast(0), Importance.LOW,
            "Longest wait between S3 attempts.", GROUP_S3, 10, Width.SHORT, "S3 max backoff")
        .define(RETRY_BACKOFF_MS, Type.LONG, 5_000L, ConfigDef.Range.atLeast(0), Importance.LOW,
            "After an S3 outage outlasted the attempts, how long Connect waits before re-delivering the records.",
            GROUP_S3, 11, Width.SHORT, "Outage backoff")
        .define(S3_SSE, Type.STRING, "", validator(S3_SSE, S3WriteOptions::parseEncryption), Importance.MEDIUM,
            "Server-side encryption of every object: empty (the bucket's default encryption), AES256 (SSE-S3) or "
                + "aws:kms (SSE-KMS; the task then needs kms:GenerateDataKey and kms:Decrypt on the key: "
                + "docs/iam-policy-options.json).", GROUP_S3, 12, Width.SHORT, "Server-side encryption")
        .define(S3_SSE_KMS_KEY_ID, Type.STRING, "", validator(S3_SSE_KMS_KEY_ID, S3WriteOptions::parseKmsKeyId),
            Importance.MEDIUM, "With " + S3_SSE + "=aws:kms: the KMS key (id, key ARN, alias/name or alias ARN). "
                + "Empty: the bucket's default KMS key, else the AWS managed key aws/s3.", GROUP_S3, 13, Width.LONG,
            "KMS key")
        .define(S3_SSE_BUCKET_KEY, Type.BOOLEAN, false, Importance.LOW,
            "With " + S3_SSE + "=aws:kms: use an S3 Bucket Key, which cuts the KMS requests (and their cost) for "
                + "many objects. false sends nothing (the bucket's setting applies).", GROUP_S3, 14, Width.SHORT,
            "S3 Bucket Key")
        .define(S3_ACL_CANNED, Type.STRING, "", validator(S3_ACL_CANNED, S3WriteOptions::parseCannedAcl),
            Importance.LOW, "Canned ACL of every object, e.g. bucket-owner-full-control when writing to another "
                + "account's bucket (needs s3:PutObjectAcl). Empty: none is sent. One of "
                + String.join(", ", S3WriteOptions.CANNED_ACLS) + ".", GROUP_S3, 15, Width.MEDIUM, "Canned ACL")
        .define(S3_STORAGE_CLASS, Type.STRING, "", validator(S3_STORAGE_CLASS, S3WriteOptions::parseStorageClass),
            Importance.LOW, "Storage class of the data objects (not of recovery markers), e.g. STANDARD_IA or "
                + "INTELLIGENT_TIERING. Empty: S3's default (STANDARD). One of "
                + String.join(", ", S3WriteOptions.STORAGE_CLASSES) + ".", GROUP_S3, 16, Width.MEDIUM,
            "Storage class")
        .define(S3_OBJECT_TAGS, Type.LIST, "", S3SinkConfig::validateTags, Importance.LOW,
            "Tags of the data objects (not of recovery markers), as key=value,key=value (at most 10; letters, "
                + "digits, spaces and _ . : / = + - @; needs s3:PutObjectTagging).", GROUP_S3, 17, Width.LONG,
            "Object tags")
        .define(TOPICS_DIR, Type.STRING, "topics", validator(TOPICS_DIR, S3SinkConfig::parseTopicsDir),
            Importance.HIGH, "Top-level prefix of every object key (no leading or trailing '/').",
            GROUP_LAYOUT, 1, Width.MEDIUM, "Topics directory")
        .define(PARTITIONER, Type.STRING, PartitionerKind.KAFKA_PARTITION.configName(),
            validator(PARTITIONER, PartitionerKind::parse), Importance.HIGH,
            "How records are grouped into folders: " + PartitionerKind.KAFKA_PARTITION.configName()
                + " (partition=<n>), " + PartitionerKind.FIELD.configName() + " (<field>=<value> for each of "
                + PARTITION_FIELD_NAME + "), " + PartitionerKind.TIME.configName() + " (" + PATH_FORMAT
                + " applied to the record time).", GROUP_LAYOUT, 2, Width.SHORT, "Partitioner")
        .define(PARTITION_FIELD_NAME, Type.LIST, "", Importance.MEDIUM,
            "Fields of the record value (Struct or Map; dots reach into nested values) used by the "
                + PartitionerKind.FIELD.configName() + " partitioner.", GROUP_LAYOUT, 3, Width.MEDIUM,
            "Partition fields")
        .define(PATH_FORMAT, Type.STRING, "'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH",
            validator(PATH_FORMAT, PathFormat::parse), Importance.MEDIUM,
            "Folder pattern of the time partitioner. Text in single quotes is literal; YYYY/yyyy (year), MM "
                + "(month), dd (day), HH (hour), mm (minute), ss (second) are replaced, as in Confluent's sink.",
            GROUP_LAYOUT, 4, Width.LONG, "Path format")
        .define(TIMEZONE, Type.STRING, "UTC", validator(TIMEZONE, S3SinkConfig::parseZone), Importance.MEDIUM,
            "Time zone of " + PATH_FORMAT + " (an IANA name such as Europe/Paris, or UTC).", GROUP_LAYOUT, 5,
            Width.SHORT, "Time zone")
        .define(LOCALE, Type.STRING, "en", validator(LOCALE, S3SinkConfig::parseLocale), Importance.LOW,
            "Locale of " + PATH_FORMAT + " (a BCP 47 tag such as en or de-CH).", GROUP_LAYOUT, 6, Width.SHORT,
            "Locale")
        .define(PARTITION_DURATION_MS, Type.LONG, 3_600_000L, ConfigDef.Range.atLeast(1), Importance.MEDIUM,
            "Width of a time folder: the record time is floored to a multiple of it (in local time) before "
                + PATH_FORMAT + " is applied.", GROUP_LAYOUT, 7, Width.SHORT, "Partition duration")
        .define(TIMESTAMP_EXTRACTOR, Type.STRING, TimestampSource.RECORD.configName(),
            validator(TIMESTAMP_EXTRACTOR, TimestampSource::parse), Importance.MEDIUM,
            "The record time: Record (the Kafka record timestamp), RecordField (" + TIMESTAMP_FIELD
                + " of the value) or Wallclock (the worker's clock when the record is written; object layout is "
                + "then not reproducible, so recovery markers are used).", GROUP_LAYOUT, 8, Width.SHORT,
            "Timestamp extractor")
        .define(TIMESTAMP_FIELD, Type.STRING, "", Importance.MEDIUM,
            "Field of the value holding the record time for RecordField: a number (see " + TIMESTAMP_UNIT
                + "), a Connect Timestamp/Date, or an ISO-8601 string (with offset, or local time read in "
                + TIMEZONE + ").", GROUP_LAYOUT, 9, Width.MEDIUM, "Timestamp field")
        .define(TIMESTAMP_UNIT, Type.STRING, TimestampUnit.AUTO.configName(),
            validator(TIMESTAMP_UNIT, TimestampUnit::parse), Importance.LOW,
            "Unit of a numeric " + TIMESTAMP_FIELD + ". auto decides by magnitude: below 10^14 milliseconds, below 10^17 "
                + "microseconds (Debezium MicroTimestamp), else nanoseconds (Debezium NanoTimestamp); seconds are "
                + "never guessed.", GROUP_LAYOUT, 10, Width.SHORT, "Timestamp unit")
        .define(FLUSH_SIZE, Type.INT, 10_000, ConfigDef.Range.atLeast(1), Importance.HIGH,
            "Records per Kafka partition after which the open objects are uploaded.", GROUP_ROTATION, 1,
            Width.SHORT, "Flush size")
        .define(ROTATE_INTERVAL_MS, Type.LONG, -1L, validator(ROTATE_INTERVAL_MS, S3SinkConfig::parseInterval),
            Importance.MEDIUM, "Upload the open objects when a record's time is this far past the first record's "
                + "time of the batch (record time, reproducible). -1 disables.", GROUP_ROTATION, 2, Width.SHORT,
            "Rotate interval")
        .define(ROTATE_SCHEDULE_INTERVAL_MS, Type.LONG, -1L,
            validator(ROTATE_SCHEDULE_INTERVAL_MS, S3SinkConfig::parseInterval), Importance.MEDIUM,
            "Upload the open objects at each multiple of this wall-clock interval (UTC epoch), so idle partitions "
                + "are flushed too. Enables recovery markers. -1 disables.", GROUP_ROTATION, 3, Width.SHORT,
            "Scheduled rotation")
        .define(FORMAT, Type.STRING, OutputFormat.JSON.configName(), validator(FORMAT, OutputFormat::parse),
            Importance.HIGH, "json: one JSON value per line (.json), rendered as " + JSON_RENDERING + " says. "
                + "bytes: the value's bytes followed by a newline (.bin); needs byte[] values (ByteArrayConverter). "
                + "parquet: typed columns (.parquet, see the type table in the README); needs Struct values with a "
                + "schema (AnalystJsonConverter with schema.header=true on the source); a new schema starts a new "
                + "object.", GROUP_CONTENT, 1, Width.SHORT, "Format")
        .define(JSON_RENDERING, Type.STRING, JsonRenderingStyle.ANALYST.configName(),
            validator(JSON_RENDERING, JsonRenderingStyle::parse), Importance.MEDIUM,
            "How format=json renders values. analyst: as the project's AnalystJsonConverter does (exact decimals, "
                + "ISO-8601 dates and times, JSON columns as JSON; schemaless values as they are, BigDecimal included). "
                + "kafka: byte for byte as Kafka's JsonConverter with schemas.enable=false and "
                + "decimal.format=NUMERIC (epoch numbers for dates and times).", GROUP_CONTENT, 6, Width.SHORT,
            "JSON rendering")
        .define(COMPRESSION, Type.STRING, Compression.NONE.configName(),
            validator(COMPRESSION, Compression::parse), Importance.MEDIUM,
            "none or gzip (the key then ends in .gz).", GROUP_CONTENT, 2, Width.SHORT, "Compression")
        .define(BEHAVIOR_ON_NULL_VALUES, Type.STRING, NullValueBehavior.IGNORE.configName(),
            validator(BEHAVIOR_ON_NULL_VALUES, NullValueBehavior::parse), Importance.MEDIUM,
            "ignore: skip records with a null value (tombstones), their offsets are still committed. fail: stop "
                + "the task, naming the record's topic, partition and offset. write (json only): write the line "
                + "null, or with " + STORE_KAFKA_KEYS + " {\"key\":…,\"value\":null}, so deletes are kept.",
            GROUP_CONTENT, 3, Width.SHORT,
            "Null values")
        .define(STORE_KAFKA_KEYS, Type.BOOLEAN, false, Importance.LOW,
            "json only: write each line as {\"key\":…,\"headers\":…,\"value\":…} with the record key.",
            GROUP_CONTENT, 4, Width.SHORT, "Store keys")
        .define(STORE_KAFKA_HEADERS, Type.BOOLEAN, false, Importance.LOW,
            "json only: write each line as a wrapper object (see " + STORE_KAFKA_KEYS + ") whose headers field is "
                + "a list of {\"key\":name,\"value\":…} in record order.", GROUP_CONTENT, 5, Width.SHORT,
            "Store headers")
        .define(PARQUET_CODEC, Type.STRING, ParquetCodec.SNAPPY.configName(),
            validator(PARQUET_CODEC, ParquetCodec::parse), Importance.MEDIUM,
            "format=parquet: page compression, snappy, zstd, gzip or none. Set " + COMPRESSION + "=none: the "
                + "codec works inside the file, so the object itself is never gzipped.",
            GROUP_CONTENT, 7, Width.SHORT, "Parquet codec")
        .define(PARQUET_ROW_GROUP_SIZE, Type.LONG, 32L * 1024 * 1024, ConfigDef.Range.between(64L * 1024,
                (long) Integer.MAX_VALUE), Importance.LOW,
            "format=parquet: bytes of column data buffered (uncompressed, per open object) before a row group is "
                + "written into the object's part buffer. Larger groups read faster; memory is about this times the "
                + "number of open objects, on top of " + S3_PART_SIZE + ".", GROUP_CONTENT, 8, Width.SHORT,
            "Parquet row group size")
        .define(PARQUET_TIMESTAMP_MILLIS_FIELDS, Type.LIST, "__commit_ts_ms", Importance.LOW,
            "format=parquet: top-level INT64 fields holding epoch milliseconds (the flatten transform's commit time) "
                + "that are written as UTC TIMESTAMP(MILLIS) rather than plain INT64.", GROUP_CONTENT, 9,
            Width.MEDIUM, "Parquet millisecond timestamps");

    private final String bucket;
    private final String region;
    private final URI endpoint;
    private final String topicsDir;
    private final PartitionerKind partitioner;
    private final PathFormat pathFormat;
    private final ZoneId zone;
    private final Locale locale;
    private final TimestampSource timestampSource;
    private final TimestampUnit timestampUnit;
    private final OutputFormat format;
    private final JsonRenderingStyle jsonRendering;
    private final Compression compression;
    private final NullValueBehavior nullValueBehavior;

    public S3SinkConfig(Map<?, ?> props) {
        this(props, true);
    }

    private S3SinkConfig(Map<?, ?> props, boolean checkCombinations) {
        super(CONFIG_DEF, props, false);
        bucket = parseBucket(getString(S3_BUCKET));
        region = parseRegion(getString(S3_REGION));
        endpoint = parseEndpoint(getString(S3_ENDPOINT));
        topicsDir = parseTopicsDir(getString(TOPICS_DIR));
        partitioner = PartitionerKind.parse(getString(PARTITIONER));
        pathFormat = PathFormat.parse(getString(PATH_FORMAT));
        zone = parseZone(getString(TIMEZONE));
        locale = parseLocale(getString(LOCALE));
        timestampSource = TimestampSource.parse(getString(TIMESTAMP_EXTRACTOR));
        timestampUnit = TimestampUnit.parse(getString(TIMESTAMP_UNIT));
        format = OutputFormat.parse(getString(FORMAT));
        jsonRendering = JsonRenderingStyle.parse(getString(JSON_RENDERING));
        compression = Compression.parse(getString(COMPRESSION));
        nullValueBehavior = NullValueBehavior.parse(getString(BEHAVIOR_ON_NULL_VALUES));
        if (checkCombinations) {
            Map<String, String> errors = combinationErrors();
            if (!errors.isEmpty()) {
                Map.Entry<String, String> first = errors.entrySet().iterator().next();
                throw new ConfigException("Invalid configuration " + first.getKey() + ": " + first.getValue());
            }
        }
    }

    /** Checks that span options; each error is keyed by the option to fix. */
    private Map<String, String> combinationErrors() {
        Map<String, String> errors = new LinkedHashMap<>();
        Password id = accessKeyId();
        Password secret = secretAccessKey();
        if ((id == null) != (secret == null)) {
            errors.put(id == null ? AWS_ACCESS_KEY_ID : AWS_SECRET_ACCESS_KEY, AWS_ACCESS_KEY_ID + " and "
                + AWS_SECRET_ACCESS_KEY + " must be set together (or both left unset for the default credential chain)");
        }
        if (partitioner == PartitionerKind.FIELD && partitionFields().isEmpty()) {
            errors.put(PARTITION_FIELD_NAME, "the " + PartitionerKind.FIELD.configName()
                + " partitioner needs at least one field");
        }
        if (timestampSource == TimestampSource.RECORD_FIELD && timestampField().isEmpty()) {
            errors.put(TIMESTAMP_FIELD, TIMESTAMP_EXTRACTOR + "=" + TimestampSource.RECORD_FIELD.configName()
                + " needs a field name");
        }
        if (format != OutputFormat.JSON && (storeKeys() || storeHeaders())) {
            errors.put(FORMAT, STORE_KAFKA_KEYS + " and " + STORE_KAFKA_HEADERS + " need format=json");
        }
        if (format != OutputFormat.JSON && nullValueBehavior == NullValueBehavior.WRITE) {
            errors.put(BEHAVIOR_ON_NULL_VALUES, "write needs format=json (a null value has no bytes or row)");
        }
        if (kmsKeyId() != null && !S3WriteOptions.AWS_KMS.equals(serverSideEncryption())) {
            errors.put(S3_SSE_KMS_KEY_ID, "a KMS key needs " + S3_SSE + "=" + S3WriteOptions.AWS_KMS);
        }
        if (getBoolean(S3_SSE_BUCKET_KEY) && !S3WriteOptions.AWS_KMS.equals(serverSideEncryption())) {
            errors.put(S3_SSE_BUCKET_KEY, "an S3 Bucket Key needs " + S3_SSE + "=" + S3WriteOptions.AWS_KMS);
        }
        if (format == OutputFormat.PARQUET && compression != Compression.NONE) {
            errors.put(COMPRESSION, "format=parquet compresses inside the file: set " + COMPRESSION + "=none and "
                + "choose " + PARQUET_CODEC);
        }
        return errors;
    }

    /** The cross-option errors of a config whose options are each valid (for the connector's validate()). */
    static Map<String, String> crossOptionErrors(Map<String, String> props) {
        try {
            return new S3SinkConfig(props, false).combinationErrors();
        } catch (ConfigException e) {
            return Map.of();
        }
    }

    private static void validateTags(String name, Object value) {
        try {
            S3WriteOptions.parseTags(asList(value));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, value, e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> asList(Object value) {
        return value == null ? List.of() : (List<String>) value;
    }

    /** Turns a parser into a validator whose message names the option (and, for passwords, not the value). */
    private static ConfigDef.Validator validator(String name, Function<String, ?> parser) {
        return (n, value) -> {
            try {
                parser.apply(value == null ? null : value.toString());
            } catch (ConfigException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        };
    }

    static String parseBucket(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a bucket name is required");
        }
        if (!value.equals(value.trim()) || value.contains("/")) {
            throw new IllegalArgumentException("a bucket name has no spaces or '/'");
        }
        return value;
    }

    static String parseRegion(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a region is required, e.g. us-east-1");
        }
        return value.trim();
    }

    static URI parseEndpoint(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        URI uri;
        try {
            uri = URI.create(value.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a URL");
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
            || uri.getHost() == null) {
            throw new IllegalArgumentException("must be an http:// or https:// URL with a host");
        }
        return uri;
    }

    static String parseTopicsDir(String value) {
        String dir = value == null ? "" : value.trim();
        if (dir.startsWith("/") || dir.endsWith("/") || dir.contains("//")) {
            throw new IllegalArgumentException("no leading, trailing or double '/'");
        }
        return dir;
    }

    static ZoneId parseZone(String value) {
        try {
            return ZoneId.of(value == null ? "" : value.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a time zone id (use e.g. UTC or Europe/Paris)");
        }
    }

    static Locale parseLocale(String value) {
        Locale locale = Locale.forLanguageTag(value == null ? "" : value.trim());
        if (locale.getLanguage().isEmpty()) {
            throw new IllegalArgumentException("not a BCP 47 language tag (use e.g. en or de-CH)");
        }
        return locale;
    }

    static Long parseInterval(String value) {
        long v;
        try {
            v = Long.parseLong(value == null ? "" : value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number");
        }
        if (v != -1 && v < 1) {
            throw new IllegalArgumentException("must be -1 (disabled) or at least 1");
        }
        return v;
    }

    public String bucket() {
        return bucket;
    }

    public String region() {
        return region;
    }

    /** The custom endpoint, or null for AWS. */
    public URI endpoint() {
        return endpoint;
    }

    public boolean pathStyleAccess() {
        return getBoolean(S3_PATH_STYLE);
    }

    /** Access key id, or null for the default chain. The Password type keeps it out of toString. */
    /** Null when unset or blank: one connector JSON serves IAM roles too, with the .env / Secret values empty. */
    public Password accessKeyId() {
        return nonBlank(getPassword(AWS_ACCESS_KEY_ID));
    }

    public Password secretAccessKey() {
        return nonBlank(getPassword(AWS_SECRET_ACCESS_KEY));
    }

    private static Password nonBlank(Password password) {
        return password == null || password.value().isBlank() ? null : password;
    }

    /** AES256, aws:kms, or null to send none. */
    public String serverSideEncryption() {
        return S3WriteOptions.parseEncryption(getString(S3_SSE));
    }

    /** The KMS key to name, or null. */
    public String kmsKeyId() {
        return S3WriteOptions.parseKmsKeyId(getString(S3_SSE_KMS_KEY_ID));
    }

    public boolean bucketKeyEnabled() {
        return getBoolean(S3_SSE_BUCKET_KEY);
    }

    /** The canned ACL to send, or null. */
    public String cannedAcl() {
        return S3WriteOptions.parseCannedAcl(getString(S3_ACL_CANNED));
    }

    /** The data objects' storage class, or null. */
    public String storageClass() {
        return S3WriteOptions.parseStorageClass(getString(S3_STORAGE_CLASS));
    }

    /** The data objects' x-amz-tagging header, or null. */
    public String objectTagging() {
        return S3WriteOptions.parseTags(getList(S3_OBJECT_TAGS));
    }

    public int partSize() {
        return getInt(S3_PART_SIZE);
    }

    public boolean uploadAsync() {
        return getBoolean(S3_UPLOAD_ASYNC);
    }

    public int retryMaxAttempts() {
        return getInt(S3_RETRY_MAX_ATTEMPTS);
    }

    public long retryBackoffMs() {
        return getLong(S3_RETRY_BACKOFF_MS);
    }

    public long retryMaxBackoffMs() {
        return getLong(S3_RETRY_MAX_BACKOFF_MS);
    }

    public long outageBackoffMs() {
        return getLong(RETRY_BACKOFF_MS);
    }

    public String topicsDir() {
        return topicsDir;
    }

    public PartitionerKind partitioner() {
        return partitioner;
    }

    public List<String> partitionFields() {
        return getList(PARTITION_FIELD_NAME);
    }

    public PathFormat pathFormat() {
        return pathFormat;
    }

    public ZoneId zone() {
        return zone;
    }

    public Locale locale() {
        return locale;
    }

    public long partitionDurationMs() {
        return getLong(PARTITION_DURATION_MS);
    }

    public TimestampSource timestampSource() {
        return timestampSource;
    }

    public String timestampField() {
        return getString(TIMESTAMP_FIELD).trim();
    }

    public TimestampUnit timestampUnit() {
        return timestampUnit;
    }

    public int flushSize() {
        return getInt(FLUSH_SIZE);
    }

    public long rotateIntervalMs() {
        return getLong(ROTATE_INTERVAL_MS);
    }

    public long rotateScheduleIntervalMs() {
        return getLong(ROTATE_SCHEDULE_INTERVAL_MS);
    }

    public JsonRenderingStyle jsonRendering() {
        return jsonRendering;
    }

    public OutputFormat format() {
        return format;
    }

    public Compression compression() {
        return compression;
    }

    public NullValueBehavior nullValueBehavior() {
        return nullValueBehavior;
    }

    public boolean storeKeys() {
        return getBoolean(STORE_KAFKA_KEYS);
    }

    public boolean storeHeaders() {
        return getBoolean(STORE_KAFKA_HEADERS);
    }

    /**
     * Whether object boundaries or paths depend on the wall clock, so that a replay after a crash may cut objects
     * differently; then recovery markers are written (see README, "Exactly once").
     */
    public boolean needsRecoveryMarkers() {
        return rotateScheduleIntervalMs() > 0 || timestampSource == TimestampSource.WALLCLOCK;
    }

    public ParquetCodec parquetCodec() {
        return ParquetCodec.parse(getString(PARQUET_CODEC));
    }

    public long parquetRowGroupSize() {
        return getLong(PARQUET_ROW_GROUP_SIZE);
    }

    public List<String> parquetTimestampMillisFields() {
        return getList(PARQUET_TIMESTAMP_MILLIS_FIELDS);
    }

    /** The key extension for this format and compression. */
    public String extension() {
        if (format == OutputFormat.PARQUET) {
            return "parquet";
        }
        String ext = format == OutputFormat.JSON ? "json" : "bin";
        return compression == Compression.GZIP ? ext + ".gz" : ext;
    }
}
