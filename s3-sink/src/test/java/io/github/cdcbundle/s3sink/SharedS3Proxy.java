package io.github.cdcbundle.s3sink;

import io.github.cdcbundle.testkit.S3Server;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** Injects one S3Proxy shared by all test classes of the run, stopped when the run ends. */
final class SharedS3Proxy implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == S3Server.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
            .getOrComputeIfAbsent(SharedS3Proxy.class, k -> new Holder(), Holder.class).server;
    }

    private static final class Holder implements AutoCloseable {
        final S3Server server;

        Holder() {
            try {
                server = S3Server.start();
            } catch (Exception e) {
                throw new IllegalStateException("Could not start S3Proxy", e);
            }
        }

        @Override
        public void close() {
            server.close();
        }
    }
}
