package io.github.cdcbundle.s3sink;

/** What one line of an object holds. */
public enum OutputFormat implements ConfigEnum {
    JSON("json"),
    BYTES("bytes"),
    PARQUET("parquet");

    private final String configName;

    OutputFormat(String configName) {
        this.configName = configName;
    }

    @Override
    public String configName() {
        return configName;
    }

    public static OutputFormat parse(String value) {
        return ConfigEnum.parse(OutputFormat.class, value);
    }
}
