package io.github.cdcbundle.s3sink;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Option values that are a fixed set of names, parsed case-insensitively. */
interface ConfigEnum {
    /** The name users write in the connector config. */
    String configName();

    static <E extends Enum<E> & ConfigEnum> E parse(Class<E> type, String value) {
        String wanted = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (E e : type.getEnumConstants()) {
            if (e.configName().toLowerCase(Locale.ROOT).equals(wanted)) {
                return e;
            }
        }
        throw new IllegalArgumentException("must be one of " + names(type));
    }

    static <E extends Enum<E> & ConfigEnum> List<String> names(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(ConfigEnum::configName).collect(Collectors.toList());
    }
}
