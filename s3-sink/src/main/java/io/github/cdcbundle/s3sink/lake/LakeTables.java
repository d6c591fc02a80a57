package io.github.cdcbundle.s3sink.lake;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Year;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * scripts/lake-tables.sh: prints, for each captured table, Athena's CREATE EXTERNAL TABLE for the JSON and the Parquet
 * layout and the current-state view (or, with --dialect duckdb, the DuckDB view over the --format layout's objects),
 * typed from the newest change's schema header in Kafka. Kept out of the connector's runtime path: nothing in the sink
 * loads this package.
 */
public final class LakeTables {
    static final String USAGE = String.join("\n",
            "Usage: lake-tables.sh --bucket BUCKET --topics-regex REGEX [options]",
            "  --bootstrap-servers HOST:PORT  Kafka/Redpanda (default: $CONNECT_BOOTSTRAP_SERVERS)",
            "  --bucket BUCKET                the sink's s3.bucket.name",
            "  --topics-regex REGEX           the CDC topics, as the sink's topics.regex (e.g. 'shop\\..*')",
            "  --topics-dir DIR               the sink's topics.dir (default cdc)",
            "  --database NAME                the Athena database (default cdc)",
            "  --format parquet|json          the layout the view reads (the sink's format; default parquet)",
            "  --dialect athena|duckdb        athena: tables and view; duckdb: the view over read_parquet/read_json",
            "  --duckdb-root PATH             duckdb: where the objects are (default s3://BUCKET/DIR)",
            "  --first-year YYYY              first year folder partition projection covers (default this year)",
            "  --years N                      year folders covered from --first-year (default 10)",
            "  --command-config FILE          consumer properties (security.protocol, sasl.*, ssl.*)");

    /** The options main takes (each with a value); the script's own --local never reaches it. */
    static final List<String> OPTIONS = List.of("bootstrap-servers", "bucket", "topics-regex", "topics-dir", "database",
            "format", "dialect", "duckdb-root", "first-year", "years", "command-config");

    private LakeTables() {
    }

    public static void main(String[] args) {
        int code = run(args, System.getenv(), System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        Map<String, String> o;
        try {
            o = options(args);
        } catch (IllegalArgumentException e) {
            err.println("lake-tables: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        if (o.containsKey("help")) {
            out.println(USAGE);
            return 0;
        }
        try {
            String bootstrap = o.getOrDefault("bootstrap-servers", env.getOrDefault("CONNECT_BOOTSTRAP_SERVERS", ""));
            require(!bootstrap.isBlank(), "--bootstrap-servers (or CONNECT_BOOTSTRAP_SERVERS) is required");
            String bucket = required(o, "bucket");
            Pattern topics = pattern(required(o, "topics-regex"));
            String topicsDir = o.getOrDefault("topics-dir", "cdc");
            LakeDdl.Layout layout = choice(o, "format", "parquet", LakeDdl.Layout.class);
            LakeDdl.Dialect dialect = choice(o, "dialect", "athena", LakeDdl.Dialect.class);
            LakeDdl ddl = new LakeDdl(bucket, topicsDir, o.getOrDefault("database", "cdc"),
                    number(o, "first-year", Year.now(ZoneOffset.UTC).getValue()), number(o, "years", 10),
                    Set.of("__commit_ts_ms"));
            Properties consumer = new Properties();
            if (o.containsKey("command-config")) {
                try (InputStream in = Files.newInputStream(Path.of(o.get("command-config")))) {
                    consumer.load(in);
                }
            }
            consumer.put("bootstrap.servers", bootstrap);
            List<String> skipped = new ArrayList<>();
            List<LakeTable> tables = new NewestSchemas(consumer).read(topics, skipped);
            skipped.forEach(s -> err.println("lake-tables: skipped " + s));
            require(!tables.isEmpty(), "no topic matching " + topics + " holds a typed change");
            String root = o.getOrDefault("duckdb-root", "s3://" + bucket + "/" + topicsDir);
            for (LakeTable t : tables) {
                out.print(print(ddl, t, layout, dialect, root));
            }
            return 0;
        } catch (IllegalArgumentException | IllegalStateException | IOException e) {
            err.println("lake-tables: " + e.getMessage());
            return 1;
        }
    }

    /** What the command prints for one table. */
    static String print(LakeDdl ddl, LakeTable t, LakeDdl.Layout layout, LakeDdl.Dialect dialect, String root) {
        if (dialect == LakeDdl.Dialect.DUCKDB) {
            return "-- " + t.topic() + " (primary key " + String.join(", ", t.key()) + ")\n"
                    + ddl.duckDbView(t, root, layout) + "\n";
        }
        return "-- " + t.topic() + " (primary key " + String.join(", ", t.key()) + ")\n"
                + ddl.externalTable(t, LakeDdl.Layout.JSON) + "\n"
                + ddl.externalTable(t, LakeDdl.Layout.PARQUET) + "\n"
                + ddl.athenaView(t, layout) + "\n";
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                o.put("help", "");
                continue;
            }
            String name = a.startsWith("--") ? a.substring(2) : "";
            if (!OPTIONS.contains(name)) {
                throw new IllegalArgumentException("unknown option " + a);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            o.put(name, args[++i]);
        }
        return o;
    }

    private static String required(Map<String, String> o, String name) {
        String v = o.get(name);
        require(v != null && !v.isBlank(), "--" + name + " is required");
        return v;
    }

    private static Pattern pattern(String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("--topics-regex is not a regular expression: " + e.getDescription());
        }
    }

    private static <E extends Enum<E>> E choice(Map<String, String> o, String name, String dflt, Class<E> type) {
        String v = o.getOrDefault(name, dflt);
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(v)) {
                return e;
            }
        }
        throw new IllegalArgumentException("--" + name + " must be one of "
                + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(java.util.Locale.ROOT) + ", not " + v);
    }

    private static int number(Map<String, String> o, String name, int dflt) {
        String v = o.get(name);
        try {
            int n = v == null ? dflt : Integer.parseInt(v);
            require(n > 0, "--" + name + " must be positive");
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a number, not " + v);
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
