package io.github.cdcbundle.converters;

import static io.github.cdcbundle.common.ConfigParsers.enumValidator;
import static io.github.cdcbundle.common.ConfigParsers.external;
import static io.github.cdcbundle.common.ConfigParsers.parseEnum;
import static io.github.cdcbundle.common.ConfigParsers.validator;

import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.connect.storage.ConverterConfig;

/** Options of {@link AnalystJsonConverter} (and of {@link JsonRendering}), parsed once when it is configured. */
public final class AnalystJsonConverterConfig extends ConverterConfig {

    /** How Connect Decimal and Debezium VariableScaleDecimal values are written. */
    public enum DecimalFormat { NUMBER, STRING }

    /** How dates, times and timestamps are written. */
    public enum TemporalFormat { ISO, EPOCH_MILLIS }

    /** How bytes are written: base64, lower-case hex, or PostgreSQL's own bytea text ({@code \x0a1b}). */
    public enum BytesFormat { BASE64, HEX, POSTGRES }

    /** How Debezium Interval and MicroDuration values are written. */
    public enum DurationFormat { ISO, NUMBER }

    /** What happens to an {@code io.debezium.data.Json} value that is not valid JSON. */
    public enum InvalidJson { FAIL, STRING }

    /** What {@code toConnectData} makes of JSON numbers with a fraction or exponent. */
    public enum ReadDecimal { BIG_DECIMAL, DOUBLE }

    public static final String DECIMAL_FORMAT = "decimal.format";
    public static final String TEMPORAL_FORMAT = "temporal.format";
    public static final String BYTES_FORMAT = "bytes.format";
    public static final String DURATION_FORMAT = "duration.format";
    public static final String JSON_INVALID = "json.invalid";
    public static final String REPLACE_NULL_WITH_DEFAULT = "replace.null.with.default";
    public static final String READ_DECIMAL = "read.decimal";
    public static final String SCHEMA_CACHE_SIZE = "schema.cache.size";
    public static final String SCHEMA_HEADER = "schema.header";

    private static final String RENDERING_GROUP = "Rendering";
    private static final String READING_GROUP = "Reading";
    private static final String CACHE_GROUP = "Cache";

    /** The converter's own options (what the README documents); {@link #CONFIG_DEF} adds Connect's converter.type. */
    public static final ConfigDef OPTIONS = define(new ConfigDef());

    public static final ConfigDef CONFIG_DEF = define(ConverterConfig.newConfigDef());

    private static ConfigDef define(ConfigDef def) {
        int order = 0;
        def.define(DECIMAL_FORMAT, Type.STRING, external(DecimalFormat.NUMBER),
                validator("one of number, string (case-insensitive; numeric means number)",
                        (name, value) -> parseDecimalFormat(value)),
                Importance.MEDIUM, "How Connect Decimal and Debezium VariableScaleDecimal values are written: "
                        + "'number', an exact JSON number in plain notation (12.30, as PostgreSQL writes numeric), or "
                        + "'string' (\"12.30\") for readers that parse JSON numbers as doubles. JsonConverter's "
                        + "'numeric' is accepted as 'number', so its settings can be kept when switching.",
                RENDERING_GROUP, ++order, Width.SHORT, "Decimal format");
        def.define(TEMPORAL_FORMAT, Type.STRING, external(TemporalFormat.ISO), enumValidator(TemporalFormat.class),
                Importance.MEDIUM, "How dates, times and timestamps (Connect Date/Time/Timestamp, Debezium "
                        + "Date/Time/MicroTime/NanoTime/Timestamp/MicroTimestamp/NanoTimestamp) are written: 'iso', "
                        + "ISO-8601 strings keeping every digit of the source precision (2024-01-31, 12:34:56.789012, "
                        + "2024-01-31T12:34:56.789012), or 'epoch-millis', a number of milliseconds (since the epoch, "
                        + "or since midnight for times; finer digits are dropped). ZonedTimestamp and ZonedTime are "
                        + "strings already and are written as given.",
                RENDERING_GROUP, ++order, Width.SHORT, "Date and time format");
        def.define(BYTES_FORMAT, Type.STRING, external(BytesFormat.BASE64), enumValidator(BytesFormat.class),
                Importance.LOW, "How bytes (and geometry WKB) are written: 'base64' (as Kafka's JsonConverter), "
                        + "'hex' (lower case, no prefix) or 'postgres' (\\x followed by hex, as PostgreSQL's "
                        + "to_jsonb writes bytea).",
                RENDERING_GROUP, ++order, Width.SHORT, "Bytes format");
        def.define(DURATION_FORMAT, Type.STRING, external(DurationFormat.ISO), enumValidator(DurationFormat.class),
                Importance.LOW, "How Debezium Interval (ISO string) and MicroDuration (microseconds) values are "
                        + "written: 'iso', an ISO-8601 duration (P1DT2H3M4.5S; Interval strings as given), or "
                        + "'number', microseconds (Interval strings converted with Debezium's 365.25/12 days a month).",
                RENDERING_GROUP, ++order, Width.SHORT, "Duration format");
        def.define(JSON_INVALID, Type.STRING, external(InvalidJson.FAIL), enumValidator(InvalidJson.class),
                Importance.LOW, "What happens to an io.debezium.data.Json value that is not valid JSON: 'fail' (a "
                        + "DataException naming the field) or 'string' (written as a JSON string instead of "
                        + "embedded JSON).",
                RENDERING_GROUP, ++order, Width.SHORT, "Invalid JSON values");
        def.define(REPLACE_NULL_WITH_DEFAULT, Type.BOOLEAN, false, Importance.LOW,
                "Write a field's schema default in place of a null value, as Kafka's JsonConverter does by default. "
                        + "Off by default: a NULL column stays null, as in PostgreSQL.",
                RENDERING_GROUP, ++order, Width.SHORT, "Replace null with default");
        def.define(READ_DECIMAL, Type.STRING, external(ReadDecimal.BIG_DECIMAL), enumValidator(ReadDecimal.class),
                Importance.LOW, "toConnectData (sink side): what JSON numbers with a fraction or exponent become: "
                        + "'big-decimal' (exact, keeps 12.30 as written) or 'double'. Integers become Long (BigDecimal "
                        + "beyond its range).",
                READING_GROUP, 1, Width.SHORT, "Read fractional numbers as");
        def.define(SCHEMA_HEADER, Type.BOOLEAN, false, Importance.MEDIUM,
                "Source side: add a record header (cdc.value.schema, or cdc.key.schema for keys) holding the "
                        + "record's Connect schema as compact JSON, so that a sink whose converter is this one gets "
                        + "typed Structs (decimal scale and precision, dates, timestamps with or without time zone) "
                        + "while the JSON value stays exactly as without it. Sink side a present header is always "
                        + "read (this option does not matter there); the sink's rendering options must equal the "
                        + "source's. Off by default, also in the shipped connector configuration: turn it on "
                        + "where a typed sink (the S3 sink's format=parquet) reads the topics (docs/types.md).",
                READING_GROUP, 2, Width.SHORT, "Schema header");
        def.define(SCHEMA_CACHE_SIZE, Type.INT, 128, ConfigDef.Range.atLeast(1), Importance.LOW,
                "How many rendering plans to keep, one per distinct schema (table and schema version).",
                CACHE_GROUP, 1, Width.SHORT, "Schema cache size");
        return def;
    }

    /** JsonConverter's NUMERIC means what our 'number' means; its BASE64 has no place here and is refused. */
    static DecimalFormat parseDecimalFormat(Object raw) {
        if (raw != null && raw.toString().trim().equalsIgnoreCase("numeric")) {
            return DecimalFormat.NUMBER;
        }
        return parseEnum(DecimalFormat.class, DECIMAL_FORMAT, raw);
    }

    public final DecimalFormat decimalFormat;
    public final TemporalFormat temporalFormat;
    public final BytesFormat bytesFormat;
    public final DurationFormat durationFormat;
    public final InvalidJson invalidJson;
    public final boolean replaceNullWithDefault;
    public final ReadDecimal readDecimal;
    public final int schemaCacheSize;
    public final boolean schemaHeader;

    public AnalystJsonConverterConfig(Map<String, ?> props) {
        super(CONFIG_DEF, props);
        decimalFormat = parseDecimalFormat(getString(DECIMAL_FORMAT));
        temporalFormat = parseEnum(TemporalFormat.class, TEMPORAL_FORMAT, getString(TEMPORAL_FORMAT));
        bytesFormat = parseEnum(BytesFormat.class, BYTES_FORMAT, getString(BYTES_FORMAT));
        durationFormat = parseEnum(DurationFormat.class, DURATION_FORMAT, getString(DURATION_FORMAT));
        invalidJson = parseEnum(InvalidJson.class, JSON_INVALID, getString(JSON_INVALID));
        replaceNullWithDefault = getBoolean(REPLACE_NULL_WITH_DEFAULT);
        readDecimal = parseEnum(ReadDecimal.class, READ_DECIMAL, getString(READ_DECIMAL));
        schemaCacheSize = getInt(SCHEMA_CACHE_SIZE);
        schemaHeader = getBoolean(SCHEMA_HEADER);
    }
}
