package io.github.cdcbundle.e2e;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cdcbundle.testkit.ObjectStore;
import io.github.cdcbundle.testkit.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The rows the S3 sink wrote for a topic: every JSON line of every object under its folder. */
final class S3Rows {
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    record Row(String key, JsonNode value) {
    }

    private S3Rows() {
    }

    static List<String> keys(ObjectStore s3, String topic) {
        return s3.keys(Pipeline.BUCKET, "cdc/" + topic + "/");
    }

    /** Polls until the sink wrote {@code count} rows of the topic, failing early if either shipped connector fails. */
    static List<Row> await(Pipeline pipeline, String topic, int count) {
        return Poll.until(count + " rows of " + topic + " in S3", Duration.ofSeconds(120), () -> {
            pipeline.rest().assertNotFailed("debezium-postgres");
            pipeline.rest().assertNotFailed("s3-sink");
            List<Row> found = rows(pipeline.s3, topic);
            return found.size() == count ? found : null;
        });
    }

    static List<Row> rows(ObjectStore s3, String topic) {
        List<Row> rows = new ArrayList<>();
        for (String key : keys(s3, topic)) {
            String text = new String(s3.get(Pipeline.BUCKET, key), StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                if (!line.isBlank()) {
                    try {
                        rows.add(new Row(key, JSON.readTree(line)));
                    } catch (IOException e) {
                        throw new UncheckedIOException("not a JSON line in " + key + ": " + line, e);
                    }
                }
            }
        }
        return rows;
    }
}
