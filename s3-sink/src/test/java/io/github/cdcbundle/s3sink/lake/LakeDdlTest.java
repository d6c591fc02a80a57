package io.github.cdcbundle.s3sink.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The generated SQL as golden text (src/test/resources/lake/wide.sql, a table with a column of every mapped type;
 * -Ds3sink.updateGolden=true rewrites it after a deliberate change, which the diff then shows in review).
 */
class LakeDdlTest {
    static final LakeDdl DDL = new LakeDdl("my-lake", "cdc", "cdc", 2026, 10, Set.of("__commit_ts_ms"));

    @Test
    void wideTableDdlAndViewsAreTheGoldenText() throws IOException {
        LakeTable wide = WideTable.table();
        String actual = LakeTables.print(DDL, wide, LakeDdl.Layout.PARQUET, LakeDdl.Dialect.ATHENA, null)
                + DDL.athenaView(wide, LakeDdl.Layout.JSON) + "\n"
                + LakeTables.print(DDL, wide, LakeDdl.Layout.PARQUET, LakeDdl.Dialect.DUCKDB, "/data/lake/cdc")
                + LakeTables.print(DDL, wide, LakeDdl.Layout.JSON, LakeDdl.Dialect.DUCKDB, "/data/lake/cdc");
        Path golden = Paths.get("src/test/resources/lake/wide.sql");
        if (Boolean.getBoolean("s3sink.updateGolden")) {
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        assertThat(actual).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @EnumSource(LakeDdl.Layout.class)
    void athenaAndDuckDbViewsDifferOnlyInWhereTheChangesAreRead(LakeDdl.Layout layout) {
        LakeTable wide = WideTable.table();
        String athena = DDL.athenaView(wide, layout);
        String duck = DDL.duckDbView(wide, "/x", layout);
        String reader = layout == LakeDdl.Layout.PARQUET ? "read_parquet('/x/shop.public.wide/*/*/*/*/*.parquet'"
                : "read_json('/x/shop.public.wide/*/*/*/*/*.json*'";
        assertThat(athena.replace("\"cdc\".\"public_wide_" + layout.suffix() + "\"", "SOURCE")
                .replace("\"cdc\".\"public_wide_current\"", "VIEW"))
                .isEqualTo(duck.replaceFirst("(?m)" + Pattern.quote(reader) + ".*$", "SOURCE")
                        .replace("\"public_wide_current\"", "VIEW"));
    }

    @Test
    void compositeKeysPartitionByEveryKeyColumn() {
        Schema row = SchemaBuilder.struct().field("order_id", Schema.INT64_SCHEMA).field("line", Schema.INT32_SCHEMA)
                .field("sku", Schema.STRING_SCHEMA).field("__op", Schema.STRING_SCHEMA)
                .field("__lsn", Schema.INT64_SCHEMA).build();
        String view = DDL.duckDbView(new LakeTable("shop.sales.order_lines", row, List.of("order_id", "line")), "r",
                LakeDdl.Layout.PARQUET);
        assertThat(view).contains("SELECT \"order_id\", \"line\", \"sku\"\n")
                .contains("PARTITION BY \"order_id\", \"line\"\n");
    }

    @Test
    void aTableWithoutKeyOrLsnIsRefusedNamingTheTopic() {
        Schema row = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).field("__op", Schema.STRING_SCHEMA)
                .build();
        assertThatThrownBy(() -> new LakeTable("shop.public.t", row, List.of("id")))
                .hasMessage("topic shop.public.t: the rows have no __lsn field (the flatten transform's "
                        + "metadata.fields must include op and lsn)");
        Schema withLsn = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).field("__op", Schema.STRING_SCHEMA)
                .field("__lsn", Schema.INT64_SCHEMA).build();
        assertThatThrownBy(() -> new LakeTable("shop.public.t", withLsn, List.of()))
                .hasMessageStartingWith("topic shop.public.t: the record key has no fields");
    }

    /**
     * A table with a column named like a time folder (year, Month, …): Athena refuses a partition column that repeats
     * a column, so that table's partition columns are __year, __month, __day and __hour, mapped onto the same folders.
     */
    @ParameterizedTest
    @EnumSource(LakeDdl.Layout.class)
    void aColumnNamedLikeATimeFolderMovesThePartitionColumnsAside(LakeDdl.Layout layout) {
        Schema clash = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).field("Year", Schema.INT32_SCHEMA)
                .field("__op", Schema.STRING_SCHEMA).field("__lsn", Schema.INT64_SCHEMA).build();
        String ddl = DDL.externalTable(new LakeTable("shop.public.cars", clash, List.of("id")), layout);
        assertThat(ddl).contains("  `Year` int")
                .contains("PARTITIONED BY (`__year` int, `__month` int, `__day` int, `__hour` int)")
                .contains("'projection.__year.range' = '2026,2035'").contains("'projection.__hour.range' = '0,23'")
                .contains("/year=${__year}/month=${__month}/day=${__day}/hour=${__hour}/'")
                .doesNotContain("projection.year.").doesNotContain("${year}");

        Schema plain = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).field("years", Schema.INT32_SCHEMA)
                .field("__op", Schema.STRING_SCHEMA).field("__lsn", Schema.INT64_SCHEMA).build();
        assertThat(DDL.externalTable(new LakeTable("shop.public.cars", plain, List.of("id")), layout))
                .contains("PARTITIONED BY (`year` int, `month` int, `day` int, `hour` int)")
                .contains("/year=${year}/month=${month}/day=${day}/hour=${hour}/'");
    }
}
