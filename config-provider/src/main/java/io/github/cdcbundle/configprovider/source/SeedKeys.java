package io.github.cdcbundle.configprovider.source;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.common.config.ConfigException;

/**
 * The keys of the README this project was founded on ({@code AWS_RDS_ENDPOINT}, {@code POSTGRES_TABLE_TO_TRACK}, ...)
 * read as the keys our connector JSON references, so a {@code .env} written from that README works unchanged. Our own
 * names keep working; a setting given both ways with different values is an error naming both keys, never a value.
 * scripts/lib/dotenv.sh applies the same table for run.sh; deploy-tests' DotEnvAgreementTest holds the two together.
 */
public final class SeedKeys {
    /** Our key, and the seed README's key for the same setting. */
    public static final Map<String, String> ALIASES = Map.of(
            "AWS_RDS_HOST", "AWS_RDS_ENDPOINT",
            "AWS_RDS_DATABASE", "AWS_RDS_DBNAME",
            "CDC_SLOT_NAME", "REPLICATION_SLOT_NAME",
            "S3_BUCKET", "S3_BUCKET_NAME");

    public static final String TABLES = "CDC_TABLES";
    public static final String SEED_SCHEMA = "POSTGRES_SCHEMA_TO_TRACK";
    public static final String SEED_TABLE = "POSTGRES_TABLE_TO_TRACK";

    /**
     * Values for keys the seed's .env does not have; each is what .env.example recommends for RDS (TLS required, the
     * instance id parsed from the host name, AWS S3 itself). Debezium requires a topic prefix, and the seed names none.
     */
    public static final Map<String, String> DEFAULTS = Map.of(
            "AWS_RDS_SSLMODE", "require",
            "AWS_RDS_INSTANCE", "",
            "CDC_TOPIC_PREFIX", "cdc",
            "CDC_PUBLICATION_NAME", "dbz_publication",
            "S3_ENDPOINT", "",
            "S3_PATH_STYLE_ACCESS", "false");

    private SeedKeys() {
    }

    /**
     * KEY as one source holds it: under our name, or under the seed's name (for CDC_TABLES: built from the seed's
     * schema and comma-separated tables). A blank value counts as not given, so a copied .env.example with an empty
     * AWS_RDS_HOST and the seed's AWS_RDS_ENDPOINT reads the endpoint.
     *
     * @param where the source, for the error message (a path or a Secret's name)
     * @throws ConfigException when both names are given with different values
     */
    public static Optional<String> find(String where, String key, Function<String, Optional<String>> lookup) {
        Optional<String> ours = lookup.apply(key);
        Optional<String> seed;
        String seedKeys;
        if (ALIASES.containsKey(key)) {
            seedKeys = ALIASES.get(key);
            seed = lookup.apply(seedKeys);
        } else if (TABLES.equals(key)) {
            seedKeys = SEED_SCHEMA + "/" + SEED_TABLE;
            seed = lookup.apply(SEED_TABLE).flatMap(tables -> tables(lookup.apply(SEED_SCHEMA).orElse(""), tables));
        } else {
            return ours;
        }
        boolean oursGiven = ours.filter(v -> !v.isBlank()).isPresent();
        boolean seedGiven = seed.filter(v -> !v.isBlank()).isPresent();
        if (oursGiven && seedGiven && !ours.get().equals(seed.get())) {
            throw new ConfigException(where + ": " + key + " and " + seedKeys
                    + " are both set, to different values: keep one");
        }
        if (oursGiven || !seedGiven && ours.isPresent()) {
            return ours;
        }
        return seed;
    }

    /** The value a key takes when no source holds it, if it has one. */
    public static Optional<String> defaultValue(String key) {
        return Optional.ofNullable(DEFAULTS.get(key));
    }

    /**
     * Every key of a parsed file, plus ours resolved from the seed's names and the defaults: what the connectors read.
     */
    public static Map<String, String> normalize(String where, Map<String, String> raw) {
        Map<String, String> out = new LinkedHashMap<>(raw);
        List<String> ours = new ArrayList<>(ALIASES.keySet());
        ours.add(TABLES);
        for (String key : ours) {
            find(where, key, k -> Optional.ofNullable(raw.get(k))).ifPresent(v -> out.put(key, v));
        }
        DEFAULTS.forEach(out::putIfAbsent);
        return out;
    }

    /** "public" + "orders, sales.items" -> "public.orders,sales.items"; a table already qualified keeps its schema. */
    static Optional<String> tables(String schema, String tables) {
        String s = schema.strip().isEmpty() ? "public" : schema.strip();
        List<String> out = new ArrayList<>();
        for (String table : tables.split(",")) {
            String t = table.strip();
            if (!t.isEmpty()) {
                out.add(t.contains(".") ? t : s + "." + t);
            }
        }
        return out.isEmpty() ? Optional.empty() : Optional.of(String.join(",", out));
    }
}
