package io.github.cdcbundle.s3sink;

/** What to do with a record whose value is null (a tombstone). */
public enum NullValueBehavior implements ConfigEnum {
    IGNORE("ignore"),
    FAIL("fail"),
    WRITE("write");

    private final String configName;

    NullValueBehavior(String configName) {
        this.configName = configName;
    }

    @Override
    public String configName() {
        return configName;
    }

    public static NullValueBehavior parse(String value) {
        return ConfigEnum.parse(NullValueBehavior.class, value);
    }
}
