package io.github.cdcbundle.smt;

import static io.github.cdcbundle.common.ConfigParsers.enumValidator;
import static io.github.cdcbundle.common.ConfigParsers.external;
import static io.github.cdcbundle.common.ConfigParsers.parseEnum;
import static io.github.cdcbundle.common.ConfigParsers.validator;

import io.github.cdcbundle.smt.internal.AliasedEntries;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/** Options of {@link RdsMetadata}, parsed once in configure(). */
public final class RdsMetadataConfig extends AbstractConfig {

    /** Where the metadata goes. */
    public enum Target { FIELDS, HEADERS }

    /** The metadata this transform can add; {@code source} names the Debezium source field it comes from. */
    public enum MetadataKey {
        INSTANCE("instance", null),
        REGION("region", null),
        ENDPOINT_TYPE("endpoint_type", null),
        DB("db", "db"),
        SCHEMA("schema", "schema"),
        TABLE("table", "table"),
        LSN("lsn", "lsn"),
        TXID("txId", "txId"),
        COMMIT_TS_MS("commit_ts_ms", "ts_ms"),
        SNAPSHOT("snapshot", "snapshot"),
        CAPTURE_TS_MS("capture_ts_ms", null);

        public final String external;
        /** The field of Debezium's source block, or null for values not taken from it. */
        public final String sourceField;

        MetadataKey(String external, String sourceField) {
            this.external = external;
            this.sourceField = sourceField;
        }

        static Optional<MetadataKey> of(String name) {
            for (MetadataKey key : values()) {
                if (key.external.equalsIgnoreCase(name)) {
                    return Optional.of(key);
                }
            }
            return Optional.empty();
        }
    }

    /** One requested metadata field and the name it is written under. */
    public record Entry(MetadataKey key, String outputName) {
    }

    public static final String ENDPOINT = "rds.endpoint";
    public static final String INSTANCE = "rds.instance";
    public static final String REGION = "rds.region";
    public static final String FIELDS = "fields";
    public static final String PREFIX = "prefix";
    public static final String TARGET = "target";
    public static final String SCHEMA_CACHE_SIZE = "schema.cache.size";

    static final String KEYS = Arrays.stream(MetadataKey.values()).map(k -> k.external).collect(Collectors.joining(", "));

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(ENDPOINT, Type.STRING, "", Importance.HIGH,
                    "Host name of the RDS instance, Aurora cluster endpoint or RDS Proxy the connector reads from "
                            + "(usually the same value as database.hostname). Instance identifier, region and "
                            + "endpoint type are parsed from it.")
            .define(INSTANCE, Type.STRING, "", Importance.MEDIUM,
                    "Instance (or cluster) identifier to write; overrides the one parsed from rds.endpoint. Required "
                            + "when rds.endpoint is not an RDS host (a local PostgreSQL, a custom DNS name).")
            .define(REGION, Type.STRING, "", Importance.MEDIUM,
                    "AWS region to write; overrides the one parsed from rds.endpoint. Required when rds.endpoint is "
                            + "not an RDS host.")
            .define(FIELDS, Type.LIST, "instance,region,db,schema,table,lsn,txId,commit_ts_ms",
                    fields(), Importance.HIGH,
                    "Metadata to add, as key[:alias]. Keys: " + KEYS + ". instance, region and endpoint_type come "
                            + "from the configuration; capture_ts_ms is the envelope's ts_ms (when Debezium saw "
                            + "the change); commit_ts_ms is source.ts_ms (when the transaction committed); the "
                            + "others are the source block's fields of that name. Written as prefix + key unless "
                            + "an alias is given.")
            .define(PREFIX, Type.STRING, "__", Importance.LOW,
                    "Prefix of the field or header names. Keep it equal to the flatten transform's metadata.prefix "
                            + "so that flatten carries the fields into the row when this transform runs first.")
            .define(TARGET, Type.STRING, external(Target.FIELDS), enumValidator(Target.class), Importance.MEDIUM,
                    "Where the metadata goes: 'fields' (of the envelope, which the flatten transform carries into "
                            + "the row, or of the row itself) or record 'headers'.")
            .define(SCHEMA_CACHE_SIZE, Type.INT, 64, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "How many derived schemas to keep (one per table and schema version).");

    public final List<Entry> entries;
    public final Target target;
    public final String instance;
    public final String region;
    public final String endpointType;
    public final int schemaCacheSize;

    public RdsMetadataConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals);
        String prefix = getString(PREFIX);
        entries = parseFields(FIELDS, getList(FIELDS), prefix);
        target = parseEnum(Target.class, TARGET, getString(TARGET));
        schemaCacheSize = getInt(SCHEMA_CACHE_SIZE);
        String endpoint = getString(ENDPOINT).trim();
        Optional<RdsEndpoint> parsed = RdsEndpoint.parse(endpoint);
        String explicitInstance = getString(INSTANCE).trim();
        String explicitRegion = getString(REGION).trim();
        instance = !explicitInstance.isEmpty() ? explicitInstance : parsed.map(RdsEndpoint::identifier).orElse(null);
        region = !explicitRegion.isEmpty() ? explicitRegion : parsed.map(RdsEndpoint::region).orElse(null);
        endpointType = parsed.map(e -> external(e.type())).orElse("custom");
        Set<MetadataKey> wanted = entries.stream().map(Entry::key).collect(Collectors.toSet());
        String why = endpoint.isEmpty() ? ENDPOINT + " is not set"
                : ENDPOINT + " is not an RDS host name (<id>.<hash>.<region>.rds.amazonaws.com)";
        if (wanted.contains(MetadataKey.INSTANCE) && instance == null) {
            throw new ConfigException(INSTANCE, "", "is required: " + why);
        }
        if (wanted.contains(MetadataKey.REGION) && region == null) {
            throw new ConfigException(REGION, "", "is required: " + why);
        }
    }

    /** The one parser of the fields option. */
    static List<Entry> parseFields(String option, List<String> raw, String prefix) {
        return AliasedEntries.parse(option, raw, (entry, keyName, alias) -> {
            MetadataKey key = MetadataKey.of(keyName).orElseThrow(() -> new ConfigException(option, entry,
                    "'" + keyName + "' is not a metadata key; use one of " + KEYS));
            return new Entry(key, alias != null ? alias : prefix + key.external);
        }, Entry::outputName);
    }

    /** Checks the list with the same parser configure() uses (the prefix is not known here; its value is moot). */
    @SuppressWarnings("unchecked")
    private static ConfigDef.Validator fields() {
        return validator("list of key[:alias], keys: " + KEYS, (name, value) -> {
            if (value != null) {
                parseFields(name, (List<String>) value, "__");
            }
        });
    }
}
