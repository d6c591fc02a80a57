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
 * An update that leaves a large (TOASTed) array unchanged: pgoutput does not send the array's value, so under
 * REPLICA IDENTITY DEFAULT PostgresArrays is handed Debezium's "unchanged" marker and fails the record, naming the
 * column and the fix; under REPLICA IDENTITY FULL Debezium takes the value from the old row and it arrives whole.
 */
class ToastedArrayIT {
    /** 3,000 md5 strings: about 100 kB that compress badly, so PostgreSQL stores the array out of line. */
    private static final String BIG = "(SELECT array_agg(md5(i::text)) FROM generate_series(1, 3000) i)";

    @TempDir
    static Path work;
    private static Pipeline pipeline;

    @BeforeAll
    static void start() {
        pipeline = Pipeline.start(Pipeline.Layout.forTests(work), "public.full_identity,public.default_identity",
                List.of("CREATE TABLE public.full_identity (id int PRIMARY KEY, n int, ta text[])",
                        "ALTER TABLE public.full_identity REPLICA IDENTITY FULL",
                        "CREATE TABLE public.default_identity (id int PRIMARY KEY, n int, ta text[])",
                        "INSERT INTO public.full_identity VALUES (1, 0, " + BIG + ")",
                        "INSERT INTO public.default_identity VALUES (1, 0, " + BIG + ")"));
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void unchangedToastedArrayArrivesUnderFullIdentityAndFailsNamingTheFixOtherwise() {
        Path connectors = Path.of(System.getProperty("cdc.connectors"));
        pipeline.register(ConnectorFiles.read(connectors.resolve("debezium-postgres.json"))
                .with(Map.of("poll.interval.ms", "50")));
        pipeline.register(ConnectorFiles.read(connectors.resolve("s3-sink.json"))
                .with(Map.of("rotate.schedule.interval.ms", "1000")));
        String full = pipeline.topic("full_identity");
        Poll.until("the snapshot of " + full + " in S3", Duration.ofSeconds(120), () -> {
            pipeline.rest().assertNotFailed("debezium-postgres");
            return S3Rows.rows(pipeline.s3, full).size() == 1 ? true : null;
        });

        pipeline.postgres.execute(Pipeline.DATABASE, "UPDATE public.full_identity SET n = 1");
        List<S3Rows.Row> rows = Poll.until("the update of " + full + " in S3", Duration.ofSeconds(120), () -> {
            pipeline.rest().assertNotFailed("debezium-postgres");
            List<S3Rows.Row> found = S3Rows.rows(pipeline.s3, full);
            return found.size() == 2 ? found : null;
        });
        JsonNode update = rows.stream().map(S3Rows.Row::value).filter(v -> v.get("__op").asText().equals("u"))
                .findFirst().orElseThrow();
        assertThat(update.get("ta")).as("the unchanged array, whole").hasSize(3000);
        assertThat(update.get("ta").get(2999).asText()).isEqualTo("e93028bdc1aacdfb3687181f2031765d");

        pipeline.postgres.execute(Pipeline.DATABASE, "UPDATE public.default_identity SET n = 1");
        String failure = pipeline.awaitFailure("debezium-postgres", Duration.ofSeconds(60));
        assertThat(failure).contains("Column public.default_identity.ta: an update left this array unchanged and "
                + "PostgreSQL did not send its TOASTed value; give the table REPLICA IDENTITY FULL so Debezium takes "
                + "it from the old row");
        assertThat(S3Rows.rows(pipeline.s3, pipeline.topic("default_identity"))).as("no placeholder row").hasSize(1);
    }
}
