package io.github.cdcbundle.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cdcbundle.testkit.Poll;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An update that leaves a large (TOASTed) value unchanged: pgoutput does not send it. Under REPLICA IDENTITY FULL
 * Debezium takes the value from the old row and it arrives whole. Under REPLICA IDENTITY DEFAULT, for an array
 * PostgresArrays is handed Debezium's "unchanged" marker and fails the record; for text and bytea Debezium writes
 * its placeholder and the flatten transform fails the record; both name the table, the column and the fix. The
 * flatten transform's documented way past such a record, unchanged.toast.handling=placeholder, lets it through.
 */
class ToastedArrayIT {
    /** 3,000 md5 strings: about 100 kB that compress badly, so PostgreSQL stores the array out of line. */
    private static final String BIG = "(SELECT array_agg(md5(i::text)) FROM generate_series(1, 3000) i)";
    /** The same as one text of about 100 kB. */
    private static final String BIG_TEXT = "(SELECT string_agg(md5(i::text), '') FROM generate_series(1, 3000) i)";
    /** About 48 kB of bytes that compress badly. */
    private static final String BIG_BYTES = "(SELECT decode(string_agg(md5(i::text), ''), 'hex') "
            + "FROM generate_series(1, 1000) i)";
    private static final String PLACEHOLDER = "__debezium_unavailable_value";

    @TempDir
    static Path work;
    private static Pipeline pipeline;

    @BeforeAll
    static void start() {
        pipeline = Pipeline.start(Pipeline.Layout.forTests(work),
                "public.full_identity,public.default_identity,public.default_text",
                List.of("CREATE TABLE public.full_identity (id int PRIMARY KEY, n int, ta text[], t text, b bytea)",
                        "ALTER TABLE public.full_identity REPLICA IDENTITY FULL",
                        "CREATE TABLE public.default_identity (id int PRIMARY KEY, n int, ta text[])",
                        "CREATE TABLE public.default_text (id int PRIMARY KEY, n int, t text, b bytea)",
                        "INSERT INTO public.full_identity VALUES (1, 0, " + BIG + ", " + BIG_TEXT + ", " + BIG_BYTES
                                + ")",
                        "INSERT INTO public.default_identity VALUES (1, 0, " + BIG + ")",
                        "INSERT INTO public.default_text VALUES (1, 0, " + BIG_TEXT + ", " + BIG_BYTES + ")"));
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void unchangedToastedValuesArriveUnderFullIdentityAndFailNamingTheFixOtherwise() {
        Path connectors = Path.of(System.getProperty("cdc.connectors"));
        // Deviations from the shipped files, for speed only: the source polls every 50 ms (shipped 500) and
        // the sink closes objects every second (shipped 60 s); what is under test is each value, not timing.
        ConnectorFiles.Connector source = ConnectorFiles.read(connectors.resolve("debezium-postgres.json"))
                .with(Map.of("poll.interval.ms", "50"));
        pipeline.register(source);
        pipeline.register(ConnectorFiles.read(connectors.resolve("s3-sink.json"))
                .with(Map.of("rotate.schedule.interval.ms", "1000")));
        String full = pipeline.topic("full_identity");
        S3Rows.await(pipeline, full, 1);

        pipeline.postgres.execute(Pipeline.DATABASE, "UPDATE public.full_identity SET n = 1");
        List<S3Rows.Row> rows = S3Rows.await(pipeline, full, 2);
        JsonNode update = rows.stream().map(S3Rows.Row::value).filter(v -> v.get("__op").asText().equals("u"))
                .findFirst().orElseThrow();
        assertThat(update.get("ta")).as("the unchanged array, whole").hasSize(3000);
        assertThat(update.get("ta").get(2999).asText()).isEqualTo("e93028bdc1aacdfb3687181f2031765d");
        assertThat(update.get("t").asText()).as("the unchanged text, whole").hasSize(96_000)
                .endsWith("e93028bdc1aacdfb3687181f2031765d");
        assertThat(update.get("b").asText()).as("the unchanged bytea, whole").isEqualTo(
                java.util.Base64.getEncoder().encodeToString(bytesOfB("public.full_identity")));

        pipeline.postgres.execute(Pipeline.DATABASE, "UPDATE public.default_text SET n = 1");
        assertThat(pipeline.awaitFailure("debezium-postgres", Duration.ofSeconds(60))).contains(
                "column 't' of public.default_text holds "
                + "Debezium's placeholder for a large (TOASTed) value that an UPDATE left unchanged and PostgreSQL did "
                + "not send", "ALTER TABLE public.default_text REPLICA IDENTITY FULL",
                "unchanged.toast.handling=placeholder");
        String text = pipeline.topic("default_text");
        assertThat(S3Rows.rows(pipeline.s3, text)).as("no placeholder row").hasSize(1);
        // The documented way past the record: the placeholder passes on, marked as what it is.
        pipeline.rest().putConnector(source.name(), source.with(Map.of("transforms.flatten.unchanged.toast.handling",
                "placeholder")).config());
        assertThat(pipeline.rest().send("POST", "/connectors/" + source.name()
                + "/restart?includeTasks=true&onlyFailed=true", null).status()).isEqualTo(202);
        // Only the sink is watched: the source's status reads FAILED until the restarted task reports in.
        List<S3Rows.Row> textRows = Poll.until("the update of " + text + " let through", Duration.ofSeconds(120), () -> {
            pipeline.rest().assertNotFailed("s3-sink");
            List<S3Rows.Row> found = S3Rows.rows(pipeline.s3, text);
            return found.size() == 2 ? found : null;
        });
        JsonNode passed = textRows.stream().map(S3Rows.Row::value).filter(v -> v.get("__op").asText().equals("u"))
                .findFirst().orElseThrow();
        assertThat(passed.get("t").asText()).isEqualTo(PLACEHOLDER);

        pipeline.postgres.execute(Pipeline.DATABASE, "UPDATE public.default_identity SET n = 1");
        String failure = pipeline.awaitFailure("debezium-postgres", Duration.ofSeconds(60));
        assertThat(failure).contains("Column public.default_identity.ta: an update left this array unchanged and "
                + "PostgreSQL did not send its TOASTed value; give the table REPLICA IDENTITY FULL so Debezium takes "
                + "it from the old row");
        assertThat(S3Rows.rows(pipeline.s3, pipeline.topic("default_identity"))).as("no placeholder row").hasSize(1);
    }

    private static byte[] bytesOfB(String table) {
        try (java.sql.Connection c = pipeline.postgres.connect(Pipeline.DATABASE);
                java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT b FROM " + table)) {
            rs.next();
            return rs.getBytes(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
