package io.github.cdcbundle.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cdcbundle.testkit.ConnectRest;
import io.github.cdcbundle.testkit.Poll;
import io.github.cdcbundle.testkit.S3Server;
import io.github.cdcbundle.testkit.iam.IamPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: the S3 endpoint the connectors get enforces docs/iam-policy.json, so a policy that lacks an action the
 * sink needs fails here as on AWS. Without s3:GetObject the sink cannot read its recovery marker (the shipped config
 * sets rotate.schedule.interval.ms, which turns markers on): the task must fail at its first assignment, its trace
 * naming the S3 call, the key, and S3's message with the refused action and resource, which is what the operator
 * needs to fix the policy. PipelineIT and the other ITs show the shipped policy itself is enough.
 */
class IamPolicyIT {
    private static final String MARKER = "cdc/_markers/shop.public.items+0.txt";

    @TempDir
    Path work;

    @Test
    void withoutGetObjectTheSinkFailsNamingActionAndMarkerKey() {
        IamPolicy lacking = IamPolicy.read(S3Server.shippedPolicy()).without("s3:GetObject");
        try (Pipeline pipeline = Pipeline.start(Pipeline.Layout.forTests(work), "public.items", List.of(
                "CREATE TABLE public.items (id int PRIMARY KEY, name text NOT NULL)",
                "INSERT INTO public.items VALUES (1, 'one'), (2, 'two')"), S3Server.start(null, lacking))) {
            Path connectors = Path.of(System.getProperty("cdc.connectors"));
            pipeline.register(ConnectorFiles.read(connectors.resolve("debezium-postgres.json"))
                    .with(Map.of("poll.interval.ms", "50")));
            ConnectorFiles.Connector sink = ConnectorFiles.read(connectors.resolve("s3-sink.json"))
                    .with(Map.of("rotate.schedule.interval.ms", "1000"));
            pipeline.rest().putConnector(sink.name(), sink.config());

            String trace = Poll.until("the sink task to fail", Duration.ofSeconds(120),
                    () -> failedTaskTrace(pipeline.rest(), sink.name()));
            assertThat(trace).contains("S3 GetObject of " + MARKER + " failed: HTTP 403 AccessDenied (User: "
                    + "arn:aws:iam::000000000000:user/cdc-sink is not authorized to perform: s3:GetObject on resource: "
                    + "\"arn:aws:s3:::" + Pipeline.BUCKET + "/" + MARKER + "\" because no identity-based policy "
                    + "allows the s3:GetObject action)");
            assertThat(((S3Server) pipeline.s3).deniedRequests()).isPositive();
            assertThat(pipeline.s3.keys(Pipeline.BUCKET, "cdc/shop.public.items/")).as("nothing written").isEmpty();
        }
    }

    /** The trace of the first FAILED task, or null while none has failed. */
    private static String failedTaskTrace(ConnectRest rest, String connector) {
        ConnectRest.Response response = rest.send("GET", "/connectors/" + connector + "/status", null);
        if (response.status() != 200) {
            return null;
        }
        for (JsonNode task : response.json().path("tasks")) {
            if ("FAILED".equals(task.path("state").asText())) {
                return task.path("trace").asText();
            }
        }
        return null;
    }
}
