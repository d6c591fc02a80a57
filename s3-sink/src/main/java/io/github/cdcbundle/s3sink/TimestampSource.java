package io.github.cdcbundle.s3sink;

/** Where a record's time comes from, for the time partitioner and rotate.interval.ms. */
public enum TimestampSource implements ConfigEnum {
    RECORD("Record"),
    RECORD_FIELD("RecordField"),
    WALLCLOCK("Wallclock");

    private final String configName;

    TimestampSource(String configName) {
        this.configName = configName;
    }

    @Override
    public String configName() {
        return configName;
    }

    public static TimestampSource parse(String value) {
        return ConfigEnum.parse(TimestampSource.class, value);
    }
}
