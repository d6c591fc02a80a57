package io.github.cdcbundle.converters;

import static io.github.cdcbundle.converters.Render.TOPIC;
import static io.github.cdcbundle.converters.Render.debezium;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Scale;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

/**
 * Render, read back with toConnectData, and compare with what the value must be, computed without our code (java.time,
 * java.util.Base64, Jackson databind).
 */
class RoundTripPropertiesTest {
    /** 0001-01-01 to 9999-12-31, the years PostgreSQL and ISO-8601 agree on. */
    private static final long MIN_MICROS = LocalDateTime.of(1, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
    private static final long MAX_MICROS = LocalDateTime.of(9999, 12, 31, 23, 59, 59)
            .toEpochSecond(ZoneOffset.UTC) * 1_000_000L + 999_999L;

    private final AnalystJsonConverter converter = Render.converter();

    @Provide
    Arbitrary<PlainValues.Typed> typed() {
        return PlainValues.typed();
    }

    @Property(tries = 400)
    void plainValuesReadBackAsTheirSchemalessForm(@ForAll("typed") PlainValues.Typed typed) {
        PlainValues.assertReadBack(typed.schema(), typed.value(), roundTrip(typed.schema(), typed.value()));
    }

    @Property(tries = 300)
    void decimalsReadBackExactlyWithTheirScale(@ForAll @Scale(6) BigDecimal value,
            @ForAll @IntRange(min = 0, max = 6) int extraScale) {
        BigDecimal scaled = value.setScale(value.scale() + extraScale);
        assertThat(roundTrip(Decimal.schema(scaled.scale()), scaled)).isEqualTo(scaled);
        Schema vsd = Render.variableScaleDecimal();
        Struct struct = new Struct(vsd).put("scale", scaled.scale())
                .put("value", scaled.unscaledValue().toByteArray());
        assertThat(roundTrip(vsd, struct)).isEqualTo(scaled);
    }

    @Property(tries = 200)
    void decimalsAsStringsReadBackAsThePlainText(@ForAll BigInteger unscaled,
            @ForAll @IntRange(min = 0, max = 30) int scale) {
        BigDecimal value = new BigDecimal(unscaled, scale);
        Object read = Render.converter("decimal.format", "string").toConnectData(TOPIC,
                Render.converter("decimal.format", "string").fromConnectData(TOPIC, Decimal.schema(scale), value))
                .value();
        assertThat(new BigDecimal((String) read)).isEqualTo(value);
    }

    @Property(tries = 300)
    void microTimestampsReadBackAsTheSameWallClockTime(@ForAll("micros") long micros) {
        String text = (String) roundTrip(debezium(Schema.Type.INT64, "io.debezium.time.MicroTimestamp"), micros);
        LocalDateTime parsed = LocalDateTime.parse(text);
        assertThat(parsed.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + parsed.getNano() / 1000).isEqualTo(micros);
        assertThat(text).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{0,5}[1-9])?");
    }

    @Property(tries = 200)
    void nanoTimestampsKeepEveryNanosecond(@ForAll @LongRange(min = -4_000_000_000_000_000_000L,
            max = 4_000_000_000_000_000_000L) long nanos) {
        String text = (String) roundTrip(debezium(Schema.Type.INT64, "io.debezium.time.NanoTimestamp"), nanos);
        LocalDateTime parsed = LocalDateTime.parse(text);
        assertThat(BigInteger.valueOf(parsed.toEpochSecond(ZoneOffset.UTC)).multiply(BigInteger.valueOf(1_000_000_000L))
                .add(BigInteger.valueOf(parsed.getNano()))).isEqualTo(BigInteger.valueOf(nanos));
    }

    @Property(tries = 200)
    void millisecondTimestampsAsIsoAndAsNumbers(@ForAll("micros") long micros) {
        long millis = Math.floorDiv(micros, 1000L);
        Schema schema = debezium(Schema.Type.INT64, "io.debezium.time.Timestamp");
        LocalDateTime parsed = LocalDateTime.parse((String) roundTrip(schema, millis));
        assertThat(parsed.toInstant(ZoneOffset.UTC).toEpochMilli()).isEqualTo(millis);
        AnalystJsonConverter epoch = Render.converter("temporal.format", "epoch-millis");
        Schema micro = debezium(Schema.Type.INT64, "io.debezium.time.MicroTimestamp");
        assertThat(epoch.toConnectData(TOPIC, epoch.fromConnectData(TOPIC, micro, micros)).value()).isEqualTo(millis);
    }

    @Property(tries = 200)
    void datesReadBackAsTheSameDay(@ForAll @IntRange(min = -719_162, max = 2_932_896) int epochDay) {
        Object read = roundTrip(debezium(Schema.Type.INT32, "io.debezium.time.Date"), epochDay);
        assertThat(LocalDate.parse((String) read).toEpochDay()).isEqualTo(epochDay);
    }

    @Property(tries = 200)
    void timesReadBackAsTheSameTimeOfDay(@ForAll @LongRange(min = 0, max = 86_399_999_999L) long micros) {
        Object read = roundTrip(debezium(Schema.Type.INT64, "io.debezium.time.MicroTime"), micros);
        assertThat(LocalTime.parse((String) read).toNanoOfDay()).isEqualTo(micros * 1000);
        Object nanos = roundTrip(debezium(Schema.Type.INT64, "io.debezium.time.NanoTime"), micros * 1000 + 7);
        assertThat(LocalTime.parse((String) nanos).toNanoOfDay()).isEqualTo(micros * 1000 + 7);
    }

    @Property(tries = 300)
    void microDurationsReadBackAsTheSameDuration(@ForAll long micros) {
        String text = (String) roundTrip(debezium(Schema.Type.INT64, "io.debezium.time.MicroDuration"), micros);
        Duration parsed = Duration.parse(text);
        assertThat(parsed).isEqualTo(Duration.of(micros, java.time.temporal.ChronoUnit.MICROS));
    }

    @Property(tries = 200)
    void bytesInEveryFormat(@ForAll byte[] bytes) {
        assertThat(roundTrip(Schema.BYTES_SCHEMA, bytes)).isEqualTo(Base64.getEncoder().encodeToString(bytes));
        AnalystJsonConverter hex = Render.converter("bytes.format", "hex");
        assertThat(HexFormat.of().parseHex((String) hex.toConnectData(TOPIC,
                hex.fromConnectData(TOPIC, Schema.BYTES_SCHEMA, bytes)).value())).isEqualTo(bytes);
        AnalystJsonConverter pg = Render.converter("bytes.format", "postgres");
        assertThat((String) pg.toConnectData(TOPIC, pg.fromConnectData(TOPIC, Schema.BYTES_SCHEMA, bytes)).value())
                .isEqualTo("\\x" + HexFormat.of().formatHex(bytes));
    }

    /** Bits encoded as Debezium's PostgreSQL connector encodes them: rightmost bit first, little-endian bytes. */
    @Property(tries = 300)
    void bitStringsComeBackAsPostgresWroteThem(@ForAll("bitStrings") String bits) {
        BitSet set = new BitSet(bits.length());
        for (int i = 0; i < bits.length(); i++) {
            if (bits.charAt(bits.length() - 1 - i) == '1') {
                set.set(i);
            }
        }
        Schema schema = SchemaBuilder.bytes().name("io.debezium.data.Bits").version(1)
                .parameter("length", Integer.toString(bits.length())).build();
        assertThat(roundTrip(schema, set.toByteArray())).isEqualTo(bits);
    }

    @Property(tries = 300)
    void embeddedJsonReadsBackAsTheDocument(@ForAll("documents") Object document) throws Exception {
        String text = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(document);
        Object read = roundTrip(debezium(Schema.Type.STRING, "io.debezium.data.Json"), text);
        assertThat(read).isEqualTo(document);
    }

    @Property(tries = 300)
    void schemalessDocumentsReadBackEqual(@ForAll("documents") Object document) {
        assertThat(roundTrip(null, document)).isEqualTo(document);
    }

    @Property(tries = 100)
    void enumSetsAreArraysOfTheirMembers(@ForAll("members") List<String> members) {
        Object read = roundTrip(debezium(Schema.Type.STRING, "io.debezium.data.EnumSet"), String.join(",", members));
        assertThat(read).isEqualTo(members);
    }

    @Provide
    Arbitrary<Long> micros() {
        return Arbitraries.longs().between(MIN_MICROS, MAX_MICROS)
                .edgeCases(c -> c.add(0L, -1L, MIN_MICROS, MAX_MICROS, 86_400_000_000L));
    }

    @Provide
    Arbitrary<String> bitStrings() {
        return Arbitraries.strings().withChars('0', '1').ofMinLength(2).ofMaxLength(70);
    }

    @Provide
    Arbitrary<List<String>> members() {
        return Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(6).list().ofMinSize(1).ofMaxSize(5);
    }

    /** JSON documents in their schemaless Connect form: the values toConnectData gives. */
    @Provide
    Arbitrary<Object> documents() {
        return document(3);
    }

    private Arbitrary<Object> document(int depth) {
        Arbitrary<Object> leaf = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(8).map(s -> (Object) s),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.bigDecimals().ofScale(3).map(d -> (Object) d),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.just(null));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<Object> inner = document(depth - 1);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, leaf),
                net.jqwik.api.Tuple.of(1, inner.list().ofMaxSize(4).map(l -> (Object) new ArrayList<>(l))),
                net.jqwik.api.Tuple.of(1, Arbitraries.maps(Arbitraries.strings().alpha().ofMaxLength(5), inner)
                        .ofMaxSize(4).map(m -> (Object) new LinkedHashMap<>(m))));
    }

    private Object roundTrip(Schema schema, Object value) {
        return converter.toConnectData(TOPIC, converter.fromConnectData(TOPIC, schema, value)).value();
    }

}
