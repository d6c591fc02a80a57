package io.github.cdcbundle.s3sink.lake;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdcbundle.testkit.ReadmeTables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.junit.jupiter.api.Test;

/**
 * What docs/athena.md and the README say about scripts/lake-tables.sh is what the command does: the options they name
 * exist (and the options table lists every one), the script runs this package's main class, and the example output is
 * the command's own (-Ddocs.update=true rewrites it).
 */
class LakeDocsTest {
    private static final Path DOC = Paths.get(System.getProperty("s3sink.athena.doc", "../docs/athena.md"));
    private static final Path REPO = DOC.toAbsolutePath().getParent().getParent();
    private static final Pattern OPTION = Pattern.compile("(?<![\\w-])--([a-z][a-z-]+)");

    @Test
    void everyOptionTheDocsGiveTheCommandExistsAndTheTableListsThemAll() throws IOException {
        Set<String> named = new LinkedHashSet<>();
        for (Path doc : List.of(DOC, REPO.resolve("README.md"))) {
            for (String line : Files.readAllLines(doc, StandardCharsets.UTF_8)) {
                if (line.contains("lake-tables.sh") || line.startsWith("| `--")) {
                    Matcher m = OPTION.matcher(line);
                    while (m.find()) {
                        named.add(m.group(1));
                    }
                }
            }
        }
        assertThat(named).as("options named with lake-tables.sh in the docs").isNotEmpty()
                .allMatch(o -> LakeTables.OPTIONS.contains(o) || o.equals("local"), "an option of the command");
        List<String> table = new ArrayList<>();
        Matcher row = Pattern.compile("(?m)^\\| `--([a-z-]+)` \\|").matcher(Files.readString(DOC));
        while (row.find()) {
            table.add(row.group(1));
        }
        assertThat(table).as("docs/athena.md's options table").containsExactlyInAnyOrderElementsOf(LakeTables.OPTIONS);
        assertThat(Files.readString(REPO.resolve("README.md"))).contains("scripts/lake-tables.sh");
    }

    @Test
    void theScriptRunsTheGeneratorFromThePluginFolderOrTheImage() throws IOException {
        String script = Files.readString(REPO.resolve("scripts/lake-tables.sh"));
        assertThat(script).contains("MAIN=" + LakeTables.class.getName() + "\n")
                .contains("/opt/connect/plugins/cdc-s3-sink/lib/*:/opt/connect/kafka-libs/*");
        assertThat(REPO.resolve("connect-image/Dockerfile")).content()
                .contains("COPY target/plugins/ /opt/connect/plugins/")
                .contains("COPY target/kafka-libs/ /opt/connect/kafka-libs/");
    }

    @Test
    void theExampleOutputIsTheCommands() throws IOException {
        Schema row = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).field("qty", Schema.INT32_SCHEMA)
                .field("note", Schema.STRING_SCHEMA).field("__deleted", Schema.OPTIONAL_BOOLEAN_SCHEMA)
                .field("__op", Schema.OPTIONAL_STRING_SCHEMA).field("__lsn", Schema.OPTIONAL_INT64_SCHEMA)
                .field("__commit_ts_ms", Schema.OPTIONAL_INT64_SCHEMA).build();
        LakeDdl ddl = new LakeDdl("my-data-lake", "cdc", "cdc", 2026, 10, Set.of("__commit_ts_ms"));
        String sql = LakeTables.print(ddl, new LakeTable("shop.public.items", row, List.of("id")),
                LakeDdl.Layout.PARQUET, LakeDdl.Dialect.ATHENA, null);
        ReadmeTables.check(DOC, Map.of("athena-example", "```sql\n" + sql.stripTrailing() + "\n```\n"));
    }
}
