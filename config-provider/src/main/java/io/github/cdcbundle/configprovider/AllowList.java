package io.github.cdcbundle.configprovider;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigException;

/**
 * A list of names or glob patterns ({@code *} matches any run of characters other than {@code /}; a lone {@code *}
 * matches everything). An empty list allows nothing.
 */
public final class AllowList {
    private static final Pattern ENTRY = Pattern.compile("[-._a-zA-Z0-9*/]+");
    private final List<String> entries;
    private final List<Pattern> patterns;

    private AllowList(List<String> entries) {
        this.entries = List.copyOf(entries);
        List<Pattern> compiled = new ArrayList<>();
        for (String entry : entries) {
            compiled.add(entry.equals("*") ? Pattern.compile(".*") : Pattern.compile(glob(entry)));
        }
        this.patterns = List.copyOf(compiled);
    }

    /** The one parser for the allow-list options, used by their validators and by {@code configure()}. */
    public static AllowList parse(String option, List<?> values) {
        List<String> entries = new ArrayList<>();
        for (Object value : values) {
            String text = String.valueOf(value).trim();
            if (!ENTRY.matcher(text).matches()) {
                throw new ConfigException(option, value,
                        "Allow-list entries are names made of letters, digits, '-', '_', '.', '/' and '*' globs");
            }
            entries.add(text);
        }
        return new AllowList(entries);
    }

    public boolean allows(String candidate) {
        for (Pattern pattern : patterns) {
            if (pattern.matcher(candidate).matches()) {
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    private static String glob(String entry) {
        List<String> quoted = new ArrayList<>();
        for (String part : entry.split("\\*", -1)) {
            quoted.add(part.isEmpty() ? "" : Pattern.quote(part));
        }
        return String.join("[^/]*", quoted);
    }

    @Override
    public String toString() {
        return entries.toString();
    }
}
