package io.github.cdcbundle.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Checks that the generated tables in a module's README.md (each between {@code <!-- NAME:start -->} and
 * {@code <!-- NAME:end -->} lines) are exactly what the code generates now, and fails naming the stale table. Run the
 * module's docs test with {@code -Ddocs.update=true} to rewrite them instead. Tests run in the module's folder, so
 * {@code README.md} is that module's README.
 */
public final class ReadmeTables {
    /** The system property that makes a check rewrite the README instead of failing. */
    public static final String UPDATE = "docs.update";

    private ReadmeTables() {
    }

    /** The options tables: {@code options:NAME} markers, each filled by {@link ConfigDocs#markdownTable}. */
    public static void checkOptions(Map<String, ConfigDef> optionsByName) {
        Map<String, String> tables = new LinkedHashMap<>();
        optionsByName.forEach((name, def) -> tables.put("options:" + name, ConfigDocs.markdownTable(def)));
        check(tables);
    }

    /** Any generated tables in the module's README.md, by marker name. */
    public static void check(Map<String, String> tablesByMarker) {
        check(Path.of("README.md"), tablesByMarker);
    }

    /** Any generated sections of a document (a README or a page under docs/), by marker name. */
    public static void check(Path document, Map<String, String> tablesByMarker) {
        Path readme = document.toAbsolutePath().normalize();
        String where = readme.getParent().getFileName() + "/" + readme.getFileName();
        try {
            String text = Files.readString(readme, StandardCharsets.UTF_8);
            String updated = text;
            StringBuilder stale = new StringBuilder();
            for (Map.Entry<String, String> table : tablesByMarker.entrySet()) {
                String replaced = replace(updated, table.getKey(), table.getValue(), where);
                if (!replaced.equals(updated)) {
                    stale.append(stale.length() == 0 ? "" : ", ").append(table.getKey());
                }
                updated = replaced;
            }
            if (stale.length() == 0) {
                return;
            }
            if (Boolean.getBoolean(UPDATE)) {
                Files.writeString(readme, updated, StandardCharsets.UTF_8);
                return;
            }
            throw new AssertionError(where + ": the generated table(s) " + stale + " differ from what the code "
                    + "generates; rerun this test with -D" + UPDATE + "=true to rewrite them, then review the diff");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write " + readme, e);
        }
    }

    private static String replace(String text, String marker, String table, String where) {
        String start = "<!-- " + marker + ":start -->\n";
        String end = "<!-- " + marker + ":end -->";
        int from = text.indexOf(start);
        int to = text.indexOf(end, Math.max(from, 0));
        if (from < 0 || to < 0) {
            throw new AssertionError(where + " has no " + start.trim() + " ... " + end + " block");
        }
        return text.substring(0, from + start.length()) + table + text.substring(to);
    }
}
