package io.github.cdcbundle.configprovider.source;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigException;

/**
 * Parses the {@code .env} format docker compose and most shells accept, one {@code KEY=VALUE} per line:
 * <ul>
 *   <li>blank lines and lines starting with {@code #} are skipped; {@code export } before the key is ignored;</li>
 *   <li>an unquoted value ends at the line's end or at a {@code #} preceded by whitespace, and is trimmed;</li>
 *   <li>{@code 'single quotes'} keep the text as it is; {@code "double quotes"} understand {@code \n}, {@code \t},
 *       {@code \"} and {@code \\}; after the closing quote only whitespace or a comment may follow;</li>
 *   <li>a key given twice keeps the last value, as a shell would.</li>
 * </ul>
 * Errors name the file and the line number, never the line: the line holds a secret.
 */
public final class DotEnvParser {
    private static final Pattern ASSIGNMENT =
            Pattern.compile("\\s*(?:export\\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\\s*=(.*)", Pattern.DOTALL);

    private DotEnvParser() {
    }

    public static Map<String, String> parse(String where, List<String> lines) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            Matcher m = ASSIGNMENT.matcher(line);
            if (!m.matches()) {
                throw error(where, i, "expected KEY=VALUE");
            }
            values.put(m.group(1), value(where, i, m.group(2).stripLeading()));
        }
        return values;
    }

    private static String value(String where, int line, String raw) {
        if (raw.startsWith("'")) {
            int close = raw.indexOf('\'', 1);
            if (close < 0) {
                throw error(where, line, "unterminated single quote");
            }
            requireOnlyComment(where, line, raw.substring(close + 1));
            return raw.substring(1, close);
        }
        if (raw.startsWith("\"")) {
            StringBuilder out = new StringBuilder();
            for (int i = 1; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (c == '"') {
                    requireOnlyComment(where, line, raw.substring(i + 1));
                    return out.toString();
                }
                if (c == '\\' && i + 1 < raw.length()) {
                    char next = raw.charAt(++i);
                    switch (next) {
                        case 'n' -> out.append('\n');
                        case 't' -> out.append('\t');
                        case 'r' -> out.append('\r');
                        case '"', '\\', '$' -> out.append(next);
                        default -> out.append('\\').append(next);
                    }
                } else {
                    out.append(c);
                }
            }
            throw error(where, line, "unterminated double quote");
        }
        int comment = commentStart(raw);
        return (comment < 0 ? raw : raw.substring(0, comment)).strip();
    }

    private static void requireOnlyComment(String where, int line, String rest) {
        String r = rest.strip();
        if (!r.isEmpty() && !r.startsWith("#")) {
            throw error(where, line, "unexpected text after the closing quote");
        }
    }

    private static int commentStart(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            if (raw.charAt(i) == '#' && (i == 0 || Character.isWhitespace(raw.charAt(i - 1)))) {
                return i;
            }
        }
        return -1;
    }

    private static ConfigException error(String where, int index, String problem) {
        return new ConfigException(where + " line " + (index + 1) + ": " + problem);
    }
}
