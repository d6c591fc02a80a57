package io.github.cdcbundle.s3sink;

/** Object compression. */
public enum Compression implements ConfigEnum {
    NONE("none"),
    GZIP("gzip");

    private final String configName;

    Compression(String configName) {
        this.configName = configName;
    }

    @Override
    public String configName() {
        return configName;
    }

    public static Compression parse(String value) {
        return ConfigEnum.parse(Compression.class, value);
    }
}
