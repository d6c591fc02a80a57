package io.github.cdcbundle.s3sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PartitioningTest {
    static final String HOURLY = "'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH";

    static Partitioner.TimePartitioner time(String pattern, String zone, long durationMs) {
        return new Partitioner.TimePartitioner(PathFormat.parse(pattern).formatter(Locale.ENGLISH), ZoneId.of(zone),
            durationMs);
    }

    static long ms(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @ParameterizedTest
    @CsvSource({
        // Joda's YYYY is the year of era; java.time's YYYY (week-based) would say 2025 on 2024-12-30.
        "2024-12-30T10:15:00Z, UTC, year=2024/month=12/day=30/hour=10",
        "2024-02-29T23:59:59.999Z, UTC, year=2024/month=02/day=29/hour=23",
        "2024-02-29T23:30:00Z, Europe/Paris, year=2024/month=03/day=01/hour=00",
        "2024-05-01T03:00:00Z, America/Los_Angeles, year=2024/month=04/day=30/hour=20",
        // Spring forward in New York (2026-03-08 02:00 local is skipped): 01:59 EST, then 03:00 EDT.
        "2026-03-08T06:59:59Z, America/New_York, year=2026/month=03/day=08/hour=01",
        "2026-03-08T07:00:00Z, America/New_York, year=2026/month=03/day=08/hour=03",
        // Fall back (01:00-02:00 local happens twice): both land in hour=01.
        "2026-11-01T05:30:00Z, America/New_York, year=2026/month=11/day=01/hour=01",
        "2026-11-01T06:30:00Z, America/New_York, year=2026/month=11/day=01/hour=01",
        "2026-11-01T07:30:00Z, America/New_York, year=2026/month=11/day=01/hour=02",
        "1969-12-31T23:59:59.999Z, UTC, year=1969/month=12/day=31/hour=23",
    })
    void hourlyFoldersInTheConfiguredZone(String instant, String zone, String expected) {
        assertThat(time(HOURLY, zone, 3_600_000L).path(null, ms(instant))).isEqualTo(expected);
    }

    @Test
    void durationFloorsInLocalTime() {
        Partitioner.TimePartitioner daily = time("'dt'=YYYY-MM-dd/'hm'=HHmm", "Asia/Kolkata", 86_400_000L);
        // 2024-05-01T20:00Z is 2024-05-02T01:30 in Kolkata (+05:30): the local day starts at 00:00 local.
        assertThat(daily.path(null, ms("2024-05-01T20:00:00Z"))).isEqualTo("dt=2024-05-02/hm=0000");
        Partitioner.TimePartitioner quarter = time("HH-mm", "UTC", 900_000L);
        assertThat(quarter.path(null, ms("2024-05-01T10:44:59Z"))).isEqualTo("10-30");
        assertThat(quarter.path(null, ms("2024-05-01T10:45:00Z"))).isEqualTo("10-45");
    }

    @Test
    void localeAppliesToNames() {
        Partitioner.TimePartitioner german = new Partitioner.TimePartitioner(
            PathFormat.parse("'m'=MMMM").formatter(Locale.GERMAN), ZoneId.of("UTC"), 1000L);
        assertThat(german.path(null, ms("2024-03-10T00:00:00Z"))).isEqualTo("m=März");
    }

    @Test
    void badPatternsAreRejected() {
        assertThatThrownBy(() -> PathFormat.parse("'year'=YYYY/'m")).hasMessage("unterminated quote");
        assertThatThrownBy(() -> PathFormat.parse("/'year'=YYYY")).hasMessage("no leading or trailing '/'");
        assertThatThrownBy(() -> PathFormat.parse("'x'=ppp")).hasMessageStartingWith("not a date-time pattern");
    }

    @ParameterizedTest
    @CsvSource({
        "1714557600000, auto, 2024-05-01T10:00:00Z",
        // Debezium MicroTimestamp: microseconds since the epoch.
        "1714557600123456, auto, 2024-05-01T10:00:00.123Z",
        "1714557600123456789, auto, 2024-05-01T10:00:00.123Z",
        "1714557600, seconds, 2024-05-01T10:00:00Z",
        "1714557600123456, microseconds, 2024-05-01T10:00:00.123Z",
        "-1000, auto, 1969-12-31T23:59:59Z",
    })
    void numericTimestamps(long value, String unit, String expected) {
        TimestampParser parser = new TimestampParser(TimestampUnit.parse(unit), ZoneId.of("UTC"));
        assertThat(Instant.ofEpochMilli(parser.toEpochMillis(value))).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @CsvSource({
        "2024-05-01T10:00:00Z, 2024-05-01T10:00:00Z",
        // Debezium ZonedTimestamp.
        "2024-05-01T12:00:00.5+02:00, 2024-05-01T10:00:00.500Z",
        "2024-05-01T12:00:00+02:00[Europe/Paris], 2024-05-01T10:00:00Z",
        // No offset: read in the configured zone (Europe/Paris, +02:00 in May).
        "2024-05-01T12:00:00, 2024-05-01T10:00:00Z",
        "2024-05-01, 2024-04-30T22:00:00Z",
        "1714557600000, 2024-05-01T10:00:00Z",
    })
    void isoStringTimestamps(String value, String expected) {
        TimestampParser parser = new TimestampParser(TimestampUnit.AUTO, ZoneId.of("Europe/Paris"));
        assertThat(Instant.ofEpochMilli(parser.toEpochMillis(value))).isEqualTo(Instant.parse(expected));
    }

    @Test
    void fieldTimestampFromStructMapAndConnectTimestamp() {
        Map<String, String> props = new HashMap<>();
        props.put(S3SinkConfig.S3_BUCKET, "b");
        props.put(S3SinkConfig.TIMESTAMP_EXTRACTOR, "RecordField");
        props.put(S3SinkConfig.TIMESTAMP_FIELD, "after.ts");
        TimestampExtractor extractor = TimestampExtractor.create(new S3SinkConfig(props), null);

        Schema after = SchemaBuilder.struct().field("ts", Timestamp.SCHEMA).build();
        Schema envelope = SchemaBuilder.struct().field("after", after).build();
        Struct value = new Struct(envelope).put("after", new Struct(after).put("ts", new java.util.Date(1000L)));
        assertThat(extractor.extract(new SinkRecord("t", 0, null, null, envelope, value, 5))).isEqualTo(1000L);

        Map<String, Object> map = Map.of("after", Map.of("ts", 1714557600123456L));
        assertThat(extractor.extract(new SinkRecord("t", 0, null, null, null, map, 6))).isEqualTo(1714557600123L);

        assertThatThrownBy(() -> extractor.extract(new SinkRecord("t", 0, null, null, null, Map.of(), 7)))
            .isInstanceOf(DataException.class)
            .hasMessage("Missing or null [timestamp.field] at topic t, partition 0, offset 7");
        assertThatThrownBy(() -> extractor.extract(new SinkRecord("t", 0, null, null, null,
            Map.of("after", Map.of("ts", "yesterday")), 8)))
            .isInstanceOf(DataException.class)
            .hasMessage("Cannot read [timestamp.field] at topic t, partition 0, offset 8: a string timestamp must be "
                + "ISO-8601 (e.g. 2024-05-01T10:15:30Z)");
    }

    @Test
    void fieldPartitionerAndObjectKeys() {
        FieldPartitioner partitioner = new FieldPartitioner(List.of("region", " shop.id"));
        Map<String, Object> value = new HashMap<>();
        value.put("region", "eu/west");
        value.put("shop", Map.of("id", 42));
        assertThat(partitioner.path(new SinkRecord("t", 0, null, null, null, value, 0), 0))
            .isEqualTo("region=eu_west/shop.id=42");

        ObjectKeys keys = new ObjectKeys("topics", "json.gz");
        assertThat(keys.dataKey("db.public.orders", 3, "partition=3", 1234)).isEqualTo(
            "topics/db.public.orders/partition=3/db.public.orders+3+0000001234.json.gz");
        assertThat(keys.dataKey("t", 0, "p", 12345678901L)).isEqualTo("topics/t/p/t+0+12345678901.json.gz");
        assertThat(new ObjectKeys("", "bin").dataKey("t", 0, "p", 0)).isEqualTo("t/p/t+0+0000000000.bin");
        assertThat(keys.markerKey("t", 2)).isEqualTo("topics/_markers/t+2.txt");
    }

    @Test
    void markerRoundTrip() {
        List<RecoveryMarker.Batch> batches = List.of(
            new RecoveryMarker.Batch(0, 5, new java.util.ArrayList<>(List.of("a/b c+0.json", "x\ny"))),
            new RecoveryMarker.Batch(5, 9, new java.util.ArrayList<>(List.of("k"))));
        List<RecoveryMarker.Batch> read = RecoveryMarker.read(RecoveryMarker.write(batches), "m");
        assertThat(read).hasSize(2);
        assertThat(read.get(0).keys).containsExactly("a/b c+0.json", "x\ny");
        assertThat(read.get(1).start).isEqualTo(5);
        assertThat(read.get(1).end).isEqualTo(9);
        assertThat(read.get(1).keys).containsExactly("k");
    }
}
