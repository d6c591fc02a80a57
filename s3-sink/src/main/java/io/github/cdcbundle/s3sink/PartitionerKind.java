package io.github.cdcbundle.s3sink;

/** How records are grouped into object paths. */
public enum PartitionerKind implements ConfigEnum {
    KAFKA_PARTITION("kafka-partition"),
    FIELD("field"),
    TIME("time");

    private final String configName;

    PartitionerKind(String configName) {
        this.configName = configName;
    }

    @Override
    public String configName() {
        return configName;
    }

    public static PartitionerKind parse(String value) {
        return ConfigEnum.parse(PartitionerKind.class, value);
    }
}
