package io.github.cdcbundle.converters.internal;

/**
 * Schema names of the Debezium logical types we render. Spelled out here rather than taken from Debezium's classes so
 * that the converter does not need Debezium on the worker (it is used on sinks too).
 */
public final class LogicalNames {
    public static final String VARIABLE_SCALE_DECIMAL = "io.debezium.data.VariableScaleDecimal";
    public static final String DATE = "io.debezium.time.Date";
    public static final String TIME = "io.debezium.time.Time";
    public static final String MICRO_TIME = "io.debezium.time.MicroTime";
    public static final String NANO_TIME = "io.debezium.time.NanoTime";
    public static final String TIMESTAMP = "io.debezium.time.Timestamp";
    public static final String MICRO_TIMESTAMP = "io.debezium.time.MicroTimestamp";
    public static final String NANO_TIMESTAMP = "io.debezium.time.NanoTimestamp";
    public static final String ZONED_TIMESTAMP = "io.debezium.time.ZonedTimestamp";
    public static final String ZONED_TIME = "io.debezium.time.ZonedTime";
    public static final String INTERVAL = "io.debezium.time.Interval";
    public static final String MICRO_DURATION = "io.debezium.time.MicroDuration";
    public static final String JSON = "io.debezium.data.Json";
    public static final String UUID = "io.debezium.data.Uuid";
    public static final String XML = "io.debezium.data.Xml";
    public static final String ENUM = "io.debezium.data.Enum";
    public static final String ENUM_SET = "io.debezium.data.EnumSet";
    public static final String BITS = "io.debezium.data.Bits";
    public static final String BITS_LENGTH_PARAMETER = "length";
    public static final String GEOMETRY = "io.debezium.data.geometry.Geometry";
    public static final String GEOGRAPHY = "io.debezium.data.geometry.Geography";
    public static final String POINT = "io.debezium.data.geometry.Point";

    private LogicalNames() {
    }
}
