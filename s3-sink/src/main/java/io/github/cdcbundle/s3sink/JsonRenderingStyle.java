package io.github.cdcbundle.s3sink;

/** How format=json renders a value: as our AnalystJsonConverter does, or as Kafka's JsonConverter does. */
public enum JsonRenderingStyle implements ConfigEnum {
    ANALYST("analyst"),
    KAFKA("kafka");

    private final String configName;

    JsonRenderingStyle(String configName) {
        this.configName = configName;
    }

    @Override
    public String configName() {
        return configName;
    }

    public static JsonRenderingStyle parse(String value) {
        return ConfigEnum.parse(JsonRenderingStyle.class, value);
    }
}
