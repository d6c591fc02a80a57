package io.github.cdcbundle.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes a .env that the secrets config provider's parser (config-provider's DotEnvParser) reads back value for value:
 * every value in double quotes, with {@code \}, {@code "}, {@code $} and line breaks escaped. Unquoted, a value would
 * lose surrounding spaces and everything from a " #" on; in single quotes it could not hold a single quote.
 */
public final class DotEnvFile {
    private DotEnvFile() {
    }

    public static void write(Path file, String header, Map<String, String> values) {
        StringBuilder text = new StringBuilder("# ").append(header).append('\n');
        values.forEach((key, value) -> text.append(key).append('=').append(quote(value)).append('\n'));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\', '"', '$' -> out.append('\\').append(c);
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
