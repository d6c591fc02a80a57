package io.github.cdcbundle.smt.internal;

import java.util.List;
import java.util.Locale;
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
        return AliasedEntries.parse(option, entries, (entry, path, alias) -> parse(option, entry, path, alias, prefix),
                field -> field.outputName);
    }

    private static MetadataField parse(String option, String entry, String path, String alias, String prefix) {
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
