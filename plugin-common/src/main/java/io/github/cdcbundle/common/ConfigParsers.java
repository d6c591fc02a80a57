package io.github.cdcbundle.common;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** Shared parsers: each option has one, used both by its ConfigDef validator and by configure(). */
public final class ConfigParsers {
    private ConfigParsers() {
    }

    /** Case-insensitive enum option; values are written lower-case with '-' for '_' in docs and configs. */
    public static <E extends Enum<E>> E parseEnum(Class<E> type, String option, Object raw) {
        if (raw == null) {
            throw new ConfigException(option, null, "must be one of " + choices(type));
        }
        String wanted = raw.toString().trim().replace('-', '_').toUpperCase(Locale.ROOT);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(wanted)) {
                return constant;
            }
        }
        throw new ConfigException(option, raw, "must be one of " + choices(type));
    }

    public static <E extends Enum<E>> String choices(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(ConfigParsers::external).collect(Collectors.joining(", "));
    }

    public static String external(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static <E extends Enum<E>> ConfigDef.Validator enumValidator(Class<E> type) {
        return validator("one of " + choices(type) + " (case-insensitive)",
                (name, value) -> parseEnum(type, name, value));
    }

    /**
     * A validator that runs the option's one parser (the one {@code configure()} uses too), described for the
     * generated options tables: a lambda validator would print as nothing useful there.
     */
    public static ConfigDef.Validator validator(String description, BiConsumer<String, Object> parser) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                parser.accept(name, value);
            }

            @Override
            public String toString() {
                return description;
            }
        };
    }
}
