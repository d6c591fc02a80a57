package io.github.cdcbundle.testkit;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;

/**
 * A distributed worker in this JVM: the same code {@code connect-distributed.sh} runs, started in about two seconds
 * under {@code plugin.discovery=service_load}. Test libraries on this JVM's classpath are visible to plugins through
 * the ServiceLoader, so plugins must choose their own implementations explicitly (our S3 sink does).
 */
public final class InJvmConnectWorker implements ConnectWorker {
    private final Connect<?> connect;
    private final URI rest;

    private InJvmConnectWorker(Connect<?> connect, URI rest) {
        this.connect = connect;
        this.rest = rest;
    }

    public static InJvmConnectWorker start(String bootstrapServers, Path pluginPath) {
        return start(bootstrapServers, pluginPath, Map.of());
    }

    /** Starts with the kit's worker config, overridden by {@code overrides}; returns once the REST API is ready. */
    public static InJvmConnectWorker start(String bootstrapServers, Path pluginPath, Map<String, String> overrides) {
        int port = Ports.free();
        Map<String, String> props = new HashMap<>(WorkerConfig.of(bootstrapServers, pluginPath, port,
                "service_load"));
        props.putAll(overrides);
        Connect<?> connect = new ConnectDistributed().startConnect(props);
        InJvmConnectWorker worker = new InJvmConnectWorker(connect, URI.create("http://127.0.0.1:" + port + "/"));
        try {
            Poll.untilTrue("the Connect worker's REST API", Duration.ofSeconds(60), worker.rest()::ready);
        } catch (AssertionError e) {
            worker.close();
            throw e;
        }
        return worker;
    }

    @Override
    public URI restUrl() {
        return rest;
    }

    @Override
    public void close() {
        connect.stop();
        connect.awaitStop();
    }
}
