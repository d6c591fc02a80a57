package io.github.cdcbundle.s3sink;

/** The unit of a numeric timestamp field. */
public enum TimestampUnit implements ConfigEnum {
    AUTO("auto"),
    SECONDS("seconds"),
    MILLISECONDS("milliseconds"),
    MICROSECONDS("microseconds"),
    NANOSECONDS("nanoseconds");

    private final String configName;

    TimestampUnit(String configName) {
        this.configName = configName;
    }

    @Override
    public String configName() {
        return configName;
    }

    public static TimestampUnit parse(String value) {
        return ConfigEnum.parse(TimestampUnit.class, value);
    }
}
