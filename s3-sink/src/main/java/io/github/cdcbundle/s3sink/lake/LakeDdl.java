package io.github.cdcbundle.s3sink.lake;

import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.parquet.schema.Type;

/**
 * The SQL for one captured table: Athena's external tables over the sink's JSON and Parquet objects (partition
 * projection on the time folders, so neither a crawler nor MSCK REPAIR TABLE is needed) and the current-state view,
 * in Athena's (Trino) dialect or DuckDB's. Both dialects' views come from {@link #currentState}; they differ only in
 * the relation the changes are read from.
 *
 * @param bucket the sink's s3.bucket.name
 * @param topicsDir the sink's topics.dir
 * @param database the Athena database (Glue catalog) the tables go in
 * @param firstYear the first year folder partition projection looks for
 * @param years how many year folders from firstYear partition projection covers
 * @param millisTimestampFields the sink's parquet.timestamp.millis.fields
 */
public record LakeDdl(String bucket, String topicsDir, String database, int firstYear, int years,
                      Set<String> millisTimestampFields) {
    /** The folder levels of the shipped path.format ('year'=YYYY/'month'=MM/'day'=dd/'hour'=HH) and their ranges. */
    private static final String[][] TIME_FOLDERS = {
        {"month", "1,12", "2"}, {"day", "1,31", "2"}, {"hour", "0,23", "2"}};

    /** Where the changes of a table are read from: Athena's table of a layout, or DuckDB's read_parquet/read_json. */
    public enum Dialect { ATHENA, DUCKDB }

    /** The layouts the sink writes (its format option). */
    public enum Layout {
        JSON, PARQUET;

        String suffix() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** s3://bucket/topics.dir/topic, the folder the sink writes a topic's objects under. */
    public String location(LakeTable table) {
        return "s3://" + bucket + "/" + topicsDir + "/" + table.topic();
    }

    public String tableName(LakeTable table, Layout layout) {
        return table.name() + "_" + layout.suffix();
    }

    public String viewName(LakeTable table) {
        return table.name() + "_current";
    }

    /**
     * The names of the four partition columns in Athena: the folders' names, year, month, day and hour, unless the
     * table has a column of one of those names (Athena refuses a partition column that repeats a column, in any case),
     * then __year, __month, __day and __hour, so the table's column keeps its name and its values. Partition
     * projection's storage.location.template maps them onto the folders either way.
     */
    static String partitionPrefix(LakeTable table) {
        for (Field f : table.value().fields()) {
            String name = f.name().toLowerCase(java.util.Locale.ROOT);
            if (name.equals("year") || name.equals("month") || name.equals("day") || name.equals("hour")) {
                return "__";
            }
        }
        return "";
    }

    /** Athena's CREATE EXTERNAL TABLE for the objects of one layout. */
    public String externalTable(LakeTable table, Layout layout) {
        List<Type> fields = AthenaTypes.parquetFields(table.value(),
                layout == Layout.PARQUET ? millisTimestampFields : Set.of());
        String p = partitionPrefix(table);
        StringJoiner columns = new StringJoiner(",\n", "", "\n");
        for (Type f : fields) {
            Schema schema = table.value().field(f.getName()).schema();
            String type = layout == Layout.PARQUET ? AthenaTypes.parquet(f) : AthenaTypes.json(f, schema);
            columns.add("  `" + f.getName() + "` " + type);
        }
        StringBuilder sql = new StringBuilder("CREATE EXTERNAL TABLE IF NOT EXISTS `").append(database).append("`.`")
                .append(tableName(table, layout)).append("` (\n").append(columns)
                .append(")\nPARTITIONED BY (`").append(p).append("year` int, `").append(p).append("month` int, `")
                .append(p).append("day` int, `").append(p).append("hour` int)\n");
        if (layout == Layout.PARQUET) {
            sql.append("STORED AS PARQUET\n");
        } else {
            sql.append("ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'\n")
                    .append("STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat'\n")
                    .append("OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'\n");
        }
        String location = location(table);
        sql.append("LOCATION '").append(location).append("/'\nTBLPROPERTIES (\n")
                .append("  'projection.enabled' = 'true',\n")
                .append("  'projection.").append(p).append("year.type' = 'integer',\n")
                .append("  'projection.").append(p).append("year.range' = '").append(firstYear).append(',')
                .append(firstYear + years - 1).append("',\n")
                .append("  'projection.").append(p).append("year.digits' = '4',\n");
        for (String[] folder : TIME_FOLDERS) {
            String column = p + folder[0];
            sql.append("  'projection.").append(column).append(".type' = 'integer',\n")
                    .append("  'projection.").append(column).append(".range' = '").append(folder[1]).append("',\n")
                    .append("  'projection.").append(column).append(".digits' = '").append(folder[2]).append("',\n");
        }
        sql.append("  'storage.location.template' = '").append(location).append("/year=${").append(p)
                .append("year}/month=${").append(p).append("month}/day=${").append(p).append("day}/hour=${").append(p)
                .append("hour}/'\n);\n");
        return sql.toString();
    }

    /** The current-state view over Athena's table of {@code layout}. */
    public String athenaView(LakeTable table, Layout layout) {
        return currentState(table, "\"" + database + "\".\"" + tableName(table, layout) + "\"",
                "\"" + database + "\".\"" + viewName(table) + "\"");
    }

    /**
     * The current-state view in DuckDB, over the objects of {@code layout} under {@code root} (the sink's
     * s3://bucket/topics.dir with DuckDB's httpfs, or a local copy of it). The JSON layout is read with the column
     * types of its Athena table ({@link AthenaTypes#duckDbJson}), so both engines see the same columns. The folders'
     * names are not read as columns (hive_partitioning = false): the view does not need them, and DuckDB would let a
     * folder's year=2026 replace the values of a column named year in every row.
     */
    public String duckDbView(LakeTable table, String root, Layout layout) {
        String folder = root + "/" + table.topic() + "/*/*/*/*/";
        String changes;
        if (layout == Layout.PARQUET) {
            changes = "read_parquet(" + literal(folder + "*.parquet") + ", hive_partitioning = false, "
                    + "union_by_name = true)";
        } else {
            StringJoiner columns = new StringJoiner(", ", "{", "}");
            for (Type f : AthenaTypes.parquetFields(table.value(), Set.of())) {
                columns.add(literal(f.getName()) + ": "
                        + literal(AthenaTypes.duckDbJson(f, table.value().field(f.getName()).schema())));
            }
            // *.json and *.json.gz (compression=gzip), which DuckDB decompresses by the name
            changes = "read_json(" + literal(folder + "*.json*") + ", format = 'newline_delimited', "
                    + "hive_partitioning = false, columns = " + columns + ")";
        }
        return currentState(table, changes, "\"" + viewName(table) + "\"");
    }

    /**
     * The newest change per primary key, deleted keys dropped, the table's own columns. Newest: any streamed change
     * (op c/u/d) over a snapshot read (op r); among streamed changes the highest __lsn; among a key's snapshot reads
     * (a key no streamed change touched) an incremental snapshot's (null __lsn) over the initial snapshot's, the
     * later read (__commit_ts_ms) first. The initial snapshot's reads carry the snapshot's position, which can be past
     * a change of a transaction that was open during the snapshot and is streamed after it; an incremental snapshot's
     * read holds the state of its key's newest change streamed before it (Debezium drops a read whose key changes
     * while its chunk is read), so a streamed change is never older than a read it is ranked over. For one key,
     * PostgreSQL's row locks order the streamed changes' LSNs as their commits.
     */
    String currentState(LakeTable table, String changes, String view) {
        StringJoiner key = new StringJoiner(", ");
        table.key().forEach(k -> key.add(quote(k)));
        StringJoiner columns = new StringJoiner(", ");
        table.columns().forEach(c -> columns.add(quote(c)));
        String readTime = table.value().field(LakeTable.COMMIT_TS) == null ? ""
                : ", " + quote(LakeTable.COMMIT_TS) + " DESC";
        return "CREATE OR REPLACE VIEW " + view + " AS\n"
                + "SELECT " + columns + "\n"
                + "FROM (\n"
                + "  SELECT *, row_number() OVER (\n"
                + "    PARTITION BY " + key + "\n"
                + "    ORDER BY CASE WHEN \"__op\" = 'r' THEN 0 ELSE 1 END DESC,\n"
                + "      \"__lsn\" DESC NULLS FIRST" + readTime + ") AS \"__newest\"\n"
                + "  FROM " + changes + "\n"
                + ") AS changes\n"
                + "WHERE \"__newest\" = 1 AND \"__op\" <> 'd';\n";
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
