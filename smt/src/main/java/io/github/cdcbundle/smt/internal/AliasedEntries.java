package io.github.cdcbundle.smt.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.common.config.ConfigException;

/**
 * A list option whose entries are written {@code name[:alias]}, as both transforms' metadata lists are: blank entries
 * are skipped, an empty alias is refused, and no two entries may write the same output name.
 */
public final class AliasedEntries {
    private AliasedEntries() {
    }

    /** Turns one entry into what the option holds. */
    @FunctionalInterface
    public interface EntryParser<T> {
        /**
         * @param entry the entry as written (trimmed), for error messages
         * @param name what stands before the ':' (trimmed)
         * @param alias what stands after it (trimmed, never empty), or null without one
         */
        T parse(String entry, String name, String alias);
    }

    /** Parses every entry of {@code option}; {@code outputName} says what each parsed entry writes. */
    public static <T> List<T> parse(String option, List<String> raw, EntryParser<T> parser,
            Function<T, String> outputName) {
        List<T> result = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String item : raw) {
            String entry = item.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int colon = entry.indexOf(':');
            String name = colon < 0 ? entry : entry.substring(0, colon).trim();
            String alias = colon < 0 ? null : entry.substring(colon + 1).trim();
            if (alias != null && alias.isEmpty()) {
                throw new ConfigException(option, entry, "the alias after ':' is empty");
            }
            T parsed = parser.parse(entry, name, alias);
            String output = outputName.apply(parsed);
            if (!names.add(output)) {
                throw new ConfigException(option, String.join(",", raw), "two entries write the same field '"
                        + output + "'");
            }
            result.add(parsed);
        }
        return result;
    }
}
