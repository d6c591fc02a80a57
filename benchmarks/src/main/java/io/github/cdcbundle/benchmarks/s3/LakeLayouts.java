package io.github.cdcbundle.benchmarks.s3;

import io.github.cdcbundle.benchmarks.Chains;
import io.github.cdcbundle.benchmarks.PostgresChangeEvents;
import io.github.cdcbundle.s3sink.AwsObjectStore;
import io.github.cdcbundle.s3sink.S3SinkConfig;
import io.github.cdcbundle.s3sink.S3SinkTask;
import io.github.cdcbundle.testkit.S3Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The lake's size and query time by layout (docs/performance.md, issue 16): the same flattened CDC rows (Debezium
 * PostgreSQL change events of a 20-column table, 60 % updates, 30 % creates, 10 % deletes, through our flatten and RDS
 * metadata transforms: 28 columns) written by the sink as JSON lines (analyst rendering) and as Parquet with snappy
 * and zstd, against an in-JVM S3Proxy; then bytes per row from the objects' sizes, and DuckDB's time for one aggregate
 * query over each layout's objects (downloaded to a local folder; DuckDB's S3 extension is not available offline).
 * A measurement, not a check: after {@code mvn -B -DskipTests package -pl benchmarks -am},
 * {@code java -Dcdc.testkit.s3proxy.jar=benchmarks/target/s3proxy/s3proxy.jar -cp benchmarks/target/benchmarks.jar
 * io.github.cdcbundle.benchmarks.s3.LakeLayouts [rows] [flush.size]}.
 */
public final class LakeLayouts {
    private static final String TOPIC = PostgresChangeEvents.TOPIC;
    private static final String QUERY = "SELECT status, count(*) AS n, sum(amount) AS amount, avg(weight) AS weight, "
        + "count(DISTINCT customer_id) AS customers, max(quantity) AS max_quantity FROM %s GROUP BY status "
        + "ORDER BY status";
    private static final int ROUNDS = 5;

    private LakeLayouts() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int flushSize = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        List<SinkRecord> records = flatRecords(rows);
        Path root = Files.createTempDirectory("lake-layouts");
        Map<String, Path> folders = new LinkedHashMap<>();
        Map<String, Long> bytes = new LinkedHashMap<>();
        try (S3Server server = S3Server.start()) {
            for (String variant : List.of("json", "parquet-snappy", "parquet-zstd")) {
                Path folder = Files.createDirectories(root.resolve(variant));
                bytes.put(variant, write(server, variant, records, flushSize, folder));
                folders.put(variant, folder);
            }
        }
        System.out.printf("%n%,d rows (%d columns), flush.size %,d: objects written by the sink%n", rows,
            records.get(0).valueSchema().fields().size(), flushSize);
        System.out.printf("%-16s %14s %10s %12s%n", "layout", "bytes", "B/row", "vs JSON");
        double json = bytes.get("json");
        for (Map.Entry<String, Long> e : bytes.entrySet()) {
            System.out.printf("%-16s %,14d %10.1f %12.3f%n", e.getKey(), e.getValue(), e.getValue() / (double) rows,
                e.getValue() / json);
        }

        System.out.printf("%nDuckDB, the same aggregate over each layout (median of %d runs after one warm-up):%n%s%n",
            ROUNDS, String.format(QUERY, "<objects>"));
        Map<String, Double> millis = new LinkedHashMap<>();
        String reference = null;
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
            for (Map.Entry<String, Path> e : folders.entrySet()) {
                String source = e.getKey().equals("json")
                    ? "read_json('" + e.getValue() + "/*.json', format='newline_delimited')"
                    : "read_parquet('" + e.getValue() + "/*.parquet')";
                String sql = String.format(QUERY, source);
                String result = run(duck, sql);
                if (reference == null) {
                    reference = result;
                } else if (!reference.equals(result)) {
                    throw new IllegalStateException("layouts answer differently:\n" + reference + "\n" + result);
                }
                double[] times = new double[ROUNDS];
                for (int i = 0; i < ROUNDS; i++) {
                    long start = System.nanoTime();
                    run(duck, sql);
                    times[i] = (System.nanoTime() - start) / 1e6;
                }
                Arrays.sort(times);
                millis.put(e.getKey(), times[ROUNDS / 2]);
            }
        }
        System.out.printf("%-16s %10s %10s%n", "layout", "ms", "vs JSON");
        for (Map.Entry<String, Double> e : millis.entrySet()) {
            System.out.printf("%-16s %10.1f %10.3f%n", e.getKey(), e.getValue(), e.getValue() / millis.get("json"));
        }
        System.out.println("answer (every layout): " + reference.replace("\n", " | "));
    }

    /** Change events through our flatten + RDS metadata chain, as the sink receives them from a schema'd converter. */
    static List<SinkRecord> flatRecords(int rows) {
        UnaryOperator<SourceRecord> chain = Chains.of("ours");
        SourceRecord[] events = PostgresChangeEvents.generate(rows, 42);
        List<SinkRecord> out = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            SourceRecord flat = chain.apply(events[i]);
            out.add(new SinkRecord(TOPIC, 0, null, null, flat.valueSchema(), flat.value(), i, flat.timestamp(),
                TimestampType.CREATE_TIME));
        }
        return out;
    }

    /** Writes the records with the sink in this layout, downloads its objects to {@code folder}; returns their bytes. */
    private static long write(S3Server server, String variant, List<SinkRecord> records, int flushSize, Path folder)
            throws Exception {
        String bucket = "lake-" + variant;
        Map<String, String> props = SinkFixture.sinkProps(server, bucket, flushSize, TOPIC);
        if (variant.startsWith("parquet")) {
            props.put(S3SinkConfig.FORMAT, "parquet");
            props.put(S3SinkConfig.PARQUET_CODEC, variant.substring("parquet-".length()));
        }
        long total = 0;
        try (S3Client client = AwsObjectStore.client(new S3SinkConfig(props))) {
            client.createBucket(b -> b.bucket(bucket));
            S3SinkTask task = new S3SinkTask();
            task.initialize(new SinkFixture.Context());
            task.start(props);
            task.open(List.of(new TopicPartition(TOPIC, 0)));
            for (int from = 0; from < records.size(); from += 500) {
                task.put(records.subList(from, Math.min(records.size(), from + 500)));
            }
            task.preCommit(new HashMap<>());
            task.stop();
            int n = 0;
            for (S3Object object : client.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
                byte[] data = client.getObjectAsBytes(b -> b.bucket(bucket).key(object.key())).asByteArray();
                String name = object.key().substring(object.key().lastIndexOf('/') + 1);
                Files.write(folder.resolve(name), data);
                total += data.length;
                n++;
            }
            System.out.printf("%s: %d objects, %,d bytes%n", variant, n, total);
        }
        return total;
    }

    /** The result as text, numbers rounded so that decimal (Parquet) and double (JSON) sums compare equal. */
    private static String run(Connection duck, String sql) throws SQLException {
        StringBuilder sb = new StringBuilder();
        try (Statement st = duck.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                for (int c = 1; c <= meta.getColumnCount(); c++) {
                    Object v = rs.getObject(c);
                    boolean fraction = v instanceof Double || v instanceof Float || v instanceof java.math.BigDecimal;
                    sb.append(c > 1 ? ", " : "").append(fraction ? String.format("%.2f", ((Number) v).doubleValue())
                        : v instanceof Number ? String.valueOf(((Number) v).longValue()) : v);
                }
                sb.append('\n');
            }
        }
        return sb.toString().trim();
    }
}
