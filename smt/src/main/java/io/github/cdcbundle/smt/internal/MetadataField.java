package io.github.cdcbundle.smt.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.kafka.common.config.ConfigException;

/**
 * One entry of a metadata field list: {@code [block.]name[:alias]}.
 *
 * <p>{@code block} is {@code source} or {@code transaction}; without a block the name means the envelope's own field
 * ({@code op}, {@code ts_ms}, {@code ts_us}, {@code ts_ns}) when the envelope has it, else the {@code source} field
 * of that name. The output name is {@code prefix + [block + "_"] + name}, the naming Debezium's
 * ExtractNewRecordState uses for its {@code add.fields}, unless an alias is given (then the alias, unprefixed).
 */
public final class MetadataField {
    public enum Block { ENVELOPE_OR_SOURCE, SOURCE, TRANSACTION }

    public final Block block;
    public final String name;
    public final String outputName;
    public final String spec;

    private MetadataField(Block block, String name, String outputName, String spec) {
        this.block = block;
        this.name = name;
        this.outputName = outputName;
        this.spec = spec;
    }

    /** The one parser for a metadata field list option: validator and configure() both call it. */
    public static List<MetadataField> parseList(String option, List<String> entries, String prefix) {
        List<MetadataField> fields = new ArrayList<>();
        Set<String> outputNames = new HashSet<>();
        for (String raw : entries) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            MetadataField field = parse(option, entry, prefix);
            if (!outputNames.add(field.outputName)) {
                throw new ConfigException(option, String.join(",", entries),
                        "two entries write the same field '" + field.outputName + "'");
            }
            fields.add(field);
        }
        return fields;
    }

    static MetadataField parse(String option, String entry, String prefix) {
        String path = entry;
        String alias = null;
        int colon = entry.indexOf(':');
        if (colon >= 0) {
            path = entry.substring(0, colon).trim();
            alias = entry.substring(colon + 1).trim();
            if (alias.isEmpty()) {
                throw new ConfigException(option, entry, "the alias after ':' is empty");
            }
        }
        Block block = Block.ENVELOPE_OR_SOURCE;
        String name = path;
        int dot = path.indexOf('.');
        if (dot >= 0) {
            String blockName = path.substring(0, dot).toLowerCase(Locale.ROOT);
            name = path.substring(dot + 1);
            switch (blockName) {
                case "source":
                    block = Block.SOURCE;
                    break;
                case "transaction":
                    block = Block.TRANSACTION;
                    break;
                default:
                    throw new ConfigException(option, entry,
                            "entries are [source.|transaction.]field[:alias]; '" + blockName + "' is not a block");
            }
        }
        if (name.isEmpty() || name.indexOf('.') >= 0) {
            throw new ConfigException(option, entry, "entries are [source.|transaction.]field[:alias]");
        }
        String output = alias != null ? alias
                : prefix + (block == Block.ENVELOPE_OR_SOURCE ? "" : block.name().toLowerCase(Locale.ROOT) + "_") + name;
        return new MetadataField(block, name, output, entry);
    }

    @Override
    public String toString() {
        return spec;
    }
}
