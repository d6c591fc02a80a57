package io.github.cdcbundle.s3sink.lake;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdcbundle.testkit.ReadmeTables;
import io.github.cdcbundle.s3sink.parquet.TypeTable;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.data.Schema;
import org.apache.parquet.schema.Type;
import org.junit.jupiter.api.Test;

/**
 * The Athena column types agree with the Parquet writer's type table (s3-sink/README.md): each row's Connect schema,
 * compiled by the writer's own mapping, gets the Athena type written out here from Athena's type documentation. A new
 * row in the writer's table fails this test until its Athena types are stated. docs/athena.md's type table is
 * generated from the same code (-Ddocs.update=true rewrites it).
 */
class LakeTypesTest {

    /** Athena type in the Parquet layout, and in the JSON layout (OpenX JSON SerDe over the analyst JSON). */
    private static final String[][] EXPECTED = {
        {"smallint", "smallint"},
        {"int", "int"},
        {"bigint", "bigint"},
        {"decimal(12,2)", "decimal(12,2)"},
        {"decimal(30,4)", "decimal(30,4)"},
        {"decimal(38,2)", "decimal(38,2)"},
        {"string", "string"},
        {"float", "float"},
        {"double", "double"},
        {"boolean", "boolean"},
        {"string", "string"},
        {"binary", "string"},
        {"date", "date"},
        {"date", "date"},
        {"timestamp", "string"},
        {"timestamp", "string"},
        {"timestamp", "string"},
        {"timestamp", "string"},
        {"int", "string"},
        {"bigint", "string"},
        {"bigint", "string"},
        {"string", "string"},
        {"array<int>", "array<int>"},
        {"map<string,string>", "map<string,string>"},
        {"bigint", "bigint"},
    };

    @Test
    void everyRowOfTheWritersTypeTableHasTheAthenaTypeAthenaReadsItsParquetColumnAs() {
        List<Map.Entry<String, Schema>> rows = TypeTable.rows();
        assertThat(rows).as("rows of the Parquet writer's type table with an expected Athena type")
                .hasSize(EXPECTED.length);
        for (int i = 0; i < rows.size(); i++) {
            String[] actual = types(rows.get(i).getValue(), Set.of());
            assertThat(actual).as(rows.get(i).getKey()).containsExactly(EXPECTED[i]);
        }
    }

    @Test
    void theCommitTimeIsATimestampInParquetAndEpochMillisInJson() {
        Schema row = org.apache.kafka.connect.data.SchemaBuilder.struct()
                .field("__commit_ts_ms", Schema.INT64_SCHEMA).build();
        Type parquet = AthenaTypes.parquetFields(row, Set.of("__commit_ts_ms")).get(0);
        Type json = AthenaTypes.parquetFields(row, Set.of()).get(0);
        assertThat(AthenaTypes.parquet(parquet)).isEqualTo("timestamp");
        assertThat(AthenaTypes.json(json, Schema.INT64_SCHEMA)).isEqualTo("bigint");
    }

    @Test
    void athenaDocTypeTableIsGeneratedFromTheMapping() throws IOException {
        Path doc = Paths.get(System.getProperty("s3sink.athena.doc", "../docs/athena.md"));
        ReadmeTables.check(doc, Map.of("athena-types", markdown()));
    }

    private static String[] types(Schema schema, Set<String> millis) {
        Schema row = org.apache.kafka.connect.data.SchemaBuilder.struct().field("c", schema).build();
        Type t = AthenaTypes.parquetFields(row, millis).get(0);
        return new String[] {AthenaTypes.parquet(t), AthenaTypes.json(t, schema)};
    }

    static String markdown() {
        List<String> lines = new ArrayList<>();
        lines.add("| PostgreSQL | Athena, Parquet layout | Athena, JSON layout |");
        lines.add("| --- | --- | --- |");
        for (Map.Entry<String, Schema> row : TypeTable.rows()) {
            String[] t = types(row.getValue(), Set.of());
            lines.add("| " + row.getKey() + " | `" + t[0] + "` | `" + t[1] + "` |");
        }
        Schema commit = Schema.INT64_SCHEMA;
        lines.add("| `__commit_ts_ms` | `" + types(commit, Set.of("c"))[0] + "` | `" + types(commit, Set.of())[1]
                + "` |");
        return String.join("\n", lines) + "\n";
    }
}
