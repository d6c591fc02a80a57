package io.github.cdcbundle.converters;

import static io.github.cdcbundle.converters.Render.debezium;
import static io.github.cdcbundle.converters.Render.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every logical type with every option, asserted as the exact JSON text. */
class LogicalTypesTest {
    /** 2024-01-31T12:34:56 UTC. */
    private static final long EPOCH_SECOND = 1706704496L;
    private static final int EPOCH_DAY = 19753;

    @Nested
    class Decimals {
        private final Schema money = Decimal.builder(2).optional().build();

        @Test
        void connectDecimalIsAnExactNumberKeepingItsScale() {
            assertThat(json(money, new BigDecimal("12.30"))).isEqualTo("12.30");
            assertThat(json(money, new BigDecimal("-0.05"))).isEqualTo("-0.05");
            assertThat(json(Decimal.schema(7), new BigDecimal("0.0000001"))).isEqualTo("0.0000001");
            assertThat(json(Decimal.schema(0), new BigDecimal("123456789012345678901234567890")))
                    .isEqualTo("123456789012345678901234567890");
        }

        @Test
        void decimalAsString() {
            assertThat(json(money, new BigDecimal("12.30"), "decimal.format", "string")).isEqualTo("\"12.30\"");
        }

        @Test
        void jsonConvertersNumericSettingMeansNumber() {
            assertThat(json(money, new BigDecimal("12.30"), "decimal.format", "NUMERIC")).isEqualTo("12.30");
        }

        @Test
        void decimalGivenInItsSerializedBytesFormIsDecodedWithTheSchemaScale() {
            byte[] unscaled = BigInteger.valueOf(1230).toByteArray();
            assertThat(json(money, unscaled)).isEqualTo("12.30");
        }

        @Test
        void variableScaleDecimal() {
            Schema schema = Render.variableScaleDecimal();
            Struct value = new Struct(schema).put("scale", 3).put("value", BigInteger.valueOf(-12345).toByteArray());
            assertThat(json(schema, value)).isEqualTo("-12.345");
            assertThat(json(schema, value, "decimal.format", "string")).isEqualTo("\"-12.345\"");
            Struct big = new Struct(schema).put("scale", 0).put("value", BigInteger.TEN.pow(30).toByteArray());
            assertThat(json(schema, big)).isEqualTo("1000000000000000000000000000000");
        }

        @Test
        void variableScaleDecimalWithBytesAsByteBuffer() {
            Schema schema = Render.variableScaleDecimal();
            Struct value = new Struct(schema).put("scale", 1)
                    .put("value", ByteBuffer.wrap(BigInteger.valueOf(5).toByteArray()));
            assertThat(json(schema, value)).isEqualTo("0.5");
        }
    }

    @Nested
    class DatesAndTimes {
        @Test
        void connectDateTimeAndTimestamp() {
            java.util.Date date = new java.util.Date(EPOCH_DAY * 86_400_000L);
            assertThat(json(Date.SCHEMA, date)).isEqualTo("\"2024-01-31\"");
            assertThat(json(Time.SCHEMA, new java.util.Date(45_296_789L))).isEqualTo("\"12:34:56.789\"");
            assertThat(json(Timestamp.SCHEMA, new java.util.Date(EPOCH_SECOND * 1000 + 789)))
                    .isEqualTo("\"2024-01-31T12:34:56.789\"");
            assertThat(json(Timestamp.SCHEMA, new java.util.Date(EPOCH_SECOND * 1000)))
                    .isEqualTo("\"2024-01-31T12:34:56\"");
        }

        @Test
        void connectTemporalsAsEpochMillis() {
            assertThat(json(Date.SCHEMA, new java.util.Date(EPOCH_DAY * 86_400_000L), "temporal.format",
                    "epoch-millis")).isEqualTo("1706659200000");
            assertThat(json(Time.SCHEMA, new java.util.Date(45_296_789L), "temporal.format", "epoch-millis"))
                    .isEqualTo("45296789");
            assertThat(json(Timestamp.SCHEMA, new java.util.Date(EPOCH_SECOND * 1000 + 789), "temporal.format",
                    "EPOCH_MILLIS")).isEqualTo("1706704496789");
        }

        @Test
        void debeziumDate() {
            Schema schema = debezium(Schema.Type.INT32, "io.debezium.time.Date");
            assertThat(json(schema, EPOCH_DAY)).isEqualTo("\"2024-01-31\"");
            assertThat(json(schema, -1)).isEqualTo("\"1969-12-31\"");
            assertThat(json(schema, EPOCH_DAY, "temporal.format", "epoch-millis")).isEqualTo("1706659200000");
        }

        @Test
        void debeziumTimesKeepTheirPrecisionWithoutTrailingZeros() {
            assertThat(json(debezium(Schema.Type.INT32, "io.debezium.time.Time"), 45_296_789))
                    .isEqualTo("\"12:34:56.789\"");
            Schema micro = debezium(Schema.Type.INT64, "io.debezium.time.MicroTime");
            assertThat(json(micro, 45_296_789_012L)).isEqualTo("\"12:34:56.789012\"");
            assertThat(json(micro, 45_296_780_000L)).isEqualTo("\"12:34:56.78\"");
            assertThat(json(micro, 45_296_000_000L)).isEqualTo("\"12:34:56\"");
            assertThat(json(micro, 0L)).isEqualTo("\"00:00:00\"");
            assertThat(json(micro, 86_400_000_000L)).as("PostgreSQL's 24:00:00").isEqualTo("\"24:00:00\"");
            Schema nano = debezium(Schema.Type.INT64, "io.debezium.time.NanoTime");
            assertThat(json(nano, 45_296_000_000_001L)).isEqualTo("\"12:34:56.000000001\"");
        }

        @Test
        void debeziumTimesAsMillisecondsOfTheDay() {
            assertThat(json(debezium(Schema.Type.INT32, "io.debezium.time.Time"), 45_296_789, "temporal.format",
                    "epoch-millis")).isEqualTo("45296789");
            assertThat(json(debezium(Schema.Type.INT64, "io.debezium.time.MicroTime"), 45_296_789_012L,
                    "temporal.format", "epoch-millis")).isEqualTo("45296789");
            assertThat(json(debezium(Schema.Type.INT64, "io.debezium.time.NanoTime"), 45_296_789_012_345L,
                    "temporal.format", "epoch-millis")).isEqualTo("45296789");
        }

        @Test
        void debeziumTimestampsKeepTheirPrecision() {
            assertThat(json(debezium(Schema.Type.INT64, "io.debezium.time.Timestamp"), EPOCH_SECOND * 1000 + 7))
                    .isEqualTo("\"2024-01-31T12:34:56.007\"");
            Schema micro = debezium(Schema.Type.INT64, "io.debezium.time.MicroTimestamp");
            assertThat(json(micro, EPOCH_SECOND * 1_000_000 + 789_012)).isEqualTo("\"2024-01-31T12:34:56.789012\"");
            assertThat(json(micro, -1L)).isEqualTo("\"1969-12-31T23:59:59.999999\"");
            Schema nano = debezium(Schema.Type.INT64, "io.debezium.time.NanoTimestamp");
            assertThat(json(nano, EPOCH_SECOND * 1_000_000_000 + 123_456_789))
                    .isEqualTo("\"2024-01-31T12:34:56.123456789\"");
        }

        @Test
        void debeziumTimestampsAsEpochMillisRoundDown() {
            assertThat(json(debezium(Schema.Type.INT64, "io.debezium.time.MicroTimestamp"),
                    EPOCH_SECOND * 1_000_000 + 789_999, "temporal.format", "epoch-millis")).isEqualTo("1706704496789");
            assertThat(json(debezium(Schema.Type.INT64, "io.debezium.time.MicroTimestamp"), -1L,
                    "temporal.format", "epoch-millis")).isEqualTo("-1");
            assertThat(json(debezium(Schema.Type.INT64, "io.debezium.time.NanoTimestamp"),
                    EPOCH_SECOND * 1_000_000_000 + 123_456_789, "temporal.format", "epoch-millis"))
                    .isEqualTo("1706704496123");
            assertThat(json(debezium(Schema.Type.INT64, "io.debezium.time.Timestamp"), 5L, "temporal.format",
                    "epoch-millis")).isEqualTo("5");
        }

        @Test
        void yearsBeyondFourDigits() {
            Schema date = debezium(Schema.Type.INT32, "io.debezium.time.Date");
            assertThat(json(date, (int) java.time.LocalDate.of(10000, 1, 1).toEpochDay()))
                    .isEqualTo("\"+10000-01-01\"");
            assertThat(json(date, (int) java.time.LocalDate.of(-44, 3, 15).toEpochDay()))
                    .isEqualTo("\"-0044-03-15\"");
        }

        @Test
        void zonedValuesAreWrittenAsGiven() {
            assertThat(json(debezium(Schema.Type.STRING, "io.debezium.time.ZonedTimestamp"),
                    "2024-01-31T12:34:56.789Z")).isEqualTo("\"2024-01-31T12:34:56.789Z\"");
            assertThat(json(debezium(Schema.Type.STRING, "io.debezium.time.ZonedTime"), "12:34:56+02:00",
                    "temporal.format", "epoch-millis")).isEqualTo("\"12:34:56+02:00\"");
        }
    }

    @Nested
    class Durations {
        private final Schema interval = debezium(Schema.Type.STRING, "io.debezium.time.Interval");
        private final Schema micro = debezium(Schema.Type.INT64, "io.debezium.time.MicroDuration");

        @Test
        void microDurationAsIso() {
            assertThat(json(micro, 93_784_500_000L)).isEqualTo("\"P1DT2H3M4.5S\"");
            assertThat(json(micro, 86_400_000_000L)).isEqualTo("\"P1D\"");
            assertThat(json(micro, 0L)).isEqualTo("\"PT0S\"");
            assertThat(json(micro, 1L)).isEqualTo("\"PT0.000001S\"");
            assertThat(json(micro, -3_600_000_000L)).isEqualTo("\"-PT1H\"");
            assertThat(json(micro, 60_000_000L)).isEqualTo("\"PT1M\"");
        }

        @Test
        void microDurationAsNumber() {
            assertThat(json(micro, 93_784_500_000L, "duration.format", "number")).isEqualTo("93784500000");
        }

        @Test
        void intervalInPostgresIsoFormOrAsMicroseconds() {
            // What PostgreSQL writes with IntervalStyle=iso_8601 for the interval Debezium's string mode encoded
            assertThat(json(interval, "P1Y2M3DT4H5M6.78S")).isEqualTo("\"P1Y2M3DT4H5M6.78S\"");
            assertThat(json(interval, "P0Y0M1DT2H3M4.5S")).isEqualTo("\"P1DT2H3M4.5S\"");
            assertThat(json(interval, "P0Y0M0DT0H0M0S")).isEqualTo("\"PT0S\"");
            assertThat(json(interval, "P178000000Y0M0DT0H0M0S")).isEqualTo("\"P178000000Y\"");
            assertThat(json(interval, "P-178000000Y-11M0DT0H0M0S")).isEqualTo("\"P-178000000Y-11M\"");
            assertThat(json(interval, "P-1Y-2M3DT-4H-5M-6.789S")).isEqualTo("\"P-1Y-2M3DT-4H-5M-6.789S\"");
            assertThat(json(interval, "P0Y0M0DT0H0M-0.5S")).isEqualTo("\"PT-0.5S\"");
            assertThat(json(interval, "P0Y0M0DT0H0M0.000001S")).isEqualTo("\"PT0.000001S\"");
            assertThat(json(interval, "P0Y0M2147483647DT2147483647H59M59.999999S"))
                    .isEqualTo("\"P2147483647DT2147483647H59M59.999999S\"");
            // Debezium cuts Java 17's double text after nine digits: back to PostgreSQL's microseconds
            assertThat(json(interval, "P0Y0M0DT0H0M-59.019481999S")).isEqualTo("\"PT-59.019482S\"");
            assertThat(json(interval, "P0Y0M0DT0H0M59.019481999S")).isEqualTo("\"PT59.019482S\"");
            // a nanosecond fraction that is no such cut stays
            assertThat(json(interval, "PT0.123456789S")).isEqualTo("\"PT0.123456789S\"");
            // regrouped as PostgreSQL stores it, without folding months into days
            assertThat(json(interval, "P0Y14M0DT25H61M0S")).isEqualTo("\"P1Y2MT26H1M\"");
            assertThat(json(interval, "-P1Y1W")).isEqualTo("\"P-1Y-7D\"");
            assertThat(json(interval, "not a duration")).isEqualTo("\"not a duration\"");
            assertThat(json(interval, "P1Y2M3DT4H5M6.78S", "duration.format", "number"))
                    .isEqualTo("37091106780000");
            assertThat(json(interval, "P0Y0M-1DT0H0M0S", "duration.format", "number")).isEqualTo("-86400000000");
            assertThat(json(interval, "-PT1.5S", "duration.format", "number")).isEqualTo("-1500000");
        }
    }

    @Nested
    class Strings {
        @Test
        void embeddedJsonIsReEmittedNotQuoted() {
            Schema schema = debezium(Schema.Type.STRING, "io.debezium.data.Json");
            assertThat(json(schema, "{\"a\": [1, 2.50, {\"b\": null}], \"c\": \"x\\\"y\", \"d\": true}"))
                    .isEqualTo("{\"a\":[1,2.50,{\"b\":null}],\"c\":\"x\\\"y\",\"d\":true}");
            assertThat(json(schema, " 12345678901234567890.000001 ")).isEqualTo("12345678901234567890.000001");
            assertThat(json(schema, "\"just text\"")).isEqualTo("\"just text\"");
            assertThat(json(schema, "null")).isEqualTo("null");
            assertThat(json(schema, "[]")).isEqualTo("[]");
        }

        @Test
        void invalidJsonFallsBackToAStringWhenAsked() {
            Schema schema = debezium(Schema.Type.STRING, "io.debezium.data.Json");
            assertThat(json(schema, "{oops", "json.invalid", "string")).isEqualTo("\"{oops\"");
            assertThat(json(schema, "{} {}", "json.invalid", "string")).isEqualTo("\"{} {}\"");
            assertThat(json(schema, "", "json.invalid", "string")).isEqualTo("\"\"");
            assertThat(json(schema, "[1]", "json.invalid", "string")).isEqualTo("[1]");
        }

        @Test
        void uuidXmlEnumAreStrings() {
            assertThat(json(debezium(Schema.Type.STRING, "io.debezium.data.Uuid"),
                    "8f5b2c5e-7c1f-4a53-9d3c-2a1b7f0e9c11")).isEqualTo("\"8f5b2c5e-7c1f-4a53-9d3c-2a1b7f0e9c11\"");
            assertThat(json(debezium(Schema.Type.STRING, "io.debezium.data.Xml"), "<a x=\"1\"/>"))
                    .isEqualTo("\"<a x=\\\"1\\\"/>\"");
            assertThat(json(SchemaBuilder.string().name("io.debezium.data.Enum").parameter("allowed", "a,b").build(),
                    "b")).isEqualTo("\"b\"");
        }

        @Test
        void enumSetIsAnArray() {
            Schema schema = debezium(Schema.Type.STRING, "io.debezium.data.EnumSet");
            assertThat(json(schema, "red,green")).isEqualTo("[\"red\",\"green\"]");
            assertThat(json(schema, "red")).isEqualTo("[\"red\"]");
            assertThat(json(schema, "")).isEqualTo("[]");
        }

        @Test
        void unicodeIsWrittenAsUtf8() {
            assertThat(json(Schema.STRING_SCHEMA, "Grüße 🐘 \u0001")).isEqualTo("\"Grüße 🐘 \\u0001\"");
        }
    }

    @Nested
    class BytesAndBits {
        private final byte[] bytes = {1, 2, (byte) 0xff};

        @Test
        void bytesInEachFormat() {
            assertThat(json(Schema.BYTES_SCHEMA, bytes)).isEqualTo("\"AQL/\"");
            assertThat(json(Schema.BYTES_SCHEMA, bytes, "bytes.format", "hex")).isEqualTo("\"0102ff\"");
            assertThat(json(Schema.BYTES_SCHEMA, bytes, "bytes.format", "postgres")).isEqualTo("\"\\\\x0102ff\"");
            assertThat(json(Schema.BYTES_SCHEMA, new byte[0])).isEqualTo("\"\"");
        }

        @Test
        void byteBufferCountsOnlyItsRemainingBytes() {
            ByteBuffer buffer = ByteBuffer.wrap(new byte[] {9, 1, 2, (byte) 0xff, 9}, 1, 3);
            assertThat(json(Schema.BYTES_SCHEMA, buffer, "bytes.format", "hex")).isEqualTo("\"0102ff\"");
        }

        @Test
        void bitsAreABitStringOfTheDeclaredLength() {
            Schema three = SchemaBuilder.bytes().name("io.debezium.data.Bits").version(1)
                    .parameter("length", "3").build();
            assertThat(json(three, new byte[] {0b101})).isEqualTo("\"101\"");
            assertThat(json(three, new byte[] {0b001})).isEqualTo("\"001\"");
            Schema ten = SchemaBuilder.bytes().name("io.debezium.data.Bits").version(1)
                    .parameter("length", "10").build();
            assertThat(json(ten, new byte[] {0x05, 0x02})).isEqualTo("\"1000000101\"");
            Schema undeclared = SchemaBuilder.bytes().name("io.debezium.data.Bits").build();
            assertThat(json(undeclared, new byte[] {0x05})).isEqualTo("\"00000101\"");
        }
    }

    @Nested
    class Geometry {
        @Test
        void geometryAndGeographyAreWkbAndSrid() {
            for (String name : new String[] {"io.debezium.data.geometry.Geometry",
                "io.debezium.data.geometry.Geography"}) {
                Schema schema = Render.geometry(name);
                Struct value = new Struct(schema).put("wkb", new byte[] {1, 2}).put("srid", 4326);
                assertThat(json(schema, value)).isEqualTo("{\"wkb\":\"AQI=\",\"srid\":4326}");
                assertThat(json(schema, value, "bytes.format", "hex")).isEqualTo("{\"wkb\":\"0102\",\"srid\":4326}");
            }
        }

        @Test
        void pointHasCoordinates() {
            Schema schema = Render.point();
            Struct value = new Struct(schema).put("x", 1.5).put("y", 2.0);
            assertThat(json(schema, value)).isEqualTo("{\"x\":1.5,\"y\":2.0,\"wkb\":null,\"srid\":null}");
        }
    }

    @Nested
    class Fallbacks {
        @Test
        void unknownLogicalTypesUseTheirBaseType() {
            assertThat(json(debezium(Schema.Type.INT64, "com.example.Weird"), 42L)).isEqualTo("42");
            assertThat(json(debezium(Schema.Type.INT32, "io.debezium.time.Year"), 2024)).isEqualTo("2024");
            assertThat(json(debezium(Schema.Type.STRING, "io.debezium.data.Ltree"), "a.b")).isEqualTo("\"a.b\"");
        }

        @Test
        void knownNamesOnAnUnexpectedBaseTypeUseTheBaseType() {
            assertThat(json(debezium(Schema.Type.STRING, "io.debezium.time.Date"), "2024-01-31"))
                    .isEqualTo("\"2024-01-31\"");
            assertThat(json(debezium(Schema.Type.INT64, "io.debezium.data.Json"), 7L)).isEqualTo("7");
            Schema notVsd = SchemaBuilder.struct().name("io.debezium.data.VariableScaleDecimal")
                    .field("other", Schema.INT32_SCHEMA).build();
            assertThat(json(notVsd, new Struct(notVsd).put("other", 1))).isEqualTo("{\"other\":1}");
        }
    }
}
