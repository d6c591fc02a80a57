package io.github.cdcbundle.testkit;

import java.net.URI;

/** A Kafka Connect distributed worker, in this JVM or in a child process. */
public interface ConnectWorker extends AutoCloseable {
    URI restUrl();

    default ConnectRest rest() {
        return new ConnectRest(restUrl());
    }

    @Override
    void close();
}
