package io.github.cdcbundle.s3sink;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Properties;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 API server in this JVM: S3Proxy with a transient (in-memory) blob store. Its fat jar bundles Jetty 12,
 * Jackson 3 and Logback, which clash with Kafka's classpath, so it lives in its own class loader (parent: the
 * platform loader) and is driven by reflection. The blob store outlives {@link #stop()}, so a test can take the
 * server down and bring it back on the same port with the same objects.
 */
final class S3ProxyServer implements AutoCloseable {
    static final String IDENTITY = "test-identity";
    static final String CREDENTIAL = "test-credential";

    private final URLClassLoader loader;
    private final Object blobStore;
    private final int port;
    private Object proxy;

    private S3ProxyServer(URLClassLoader loader, Object blobStore, int port) {
        this.loader = loader;
        this.blobStore = blobStore;
        this.port = port;
    }

    static S3ProxyServer start() throws Exception {
        // S3Proxy's bundled logback.xml reads these; keep its output to warnings.
        System.setProperty("LOG_LEVEL", System.getProperty("LOG_LEVEL", "warn"));
        System.setProperty("logback.statusListenerClass", "ch.qos.logback.core.status.NopStatusListener");
        Path jar = Paths.get(System.getProperty("s3proxy.jar", "target/s3proxy/s3proxy.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("S3Proxy jar missing at " + jar + " (run through Maven: the "
                + "dependency plugin copies it in process-test-resources)");
        }
        URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
            ClassLoader.getPlatformClassLoader());
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(loader);
        try {
            Properties props = new Properties();
            props.setProperty("jclouds.identity", IDENTITY);
            props.setProperty("jclouds.credential", CREDENTIAL);
            Object blobStore = loader.loadClass("org.gaul.s3proxy.BlobStores")
                .getMethod("create", String.class, Properties.class).invoke(null, "transient", props);
            S3ProxyServer server = new S3ProxyServer(loader, blobStore, freePort());
            server.restart();
            return server;
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Starts (again) on the same port, serving the same blob store. */
    void restart() throws Exception {
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(loader);
        try {
            Class<?> s3ProxyClass = loader.loadClass("org.gaul.s3proxy.S3Proxy");
            Object builder = s3ProxyClass.getMethod("builder").invoke(null);
            Class<?> builderClass = builder.getClass();
            Class<?> blobStoreClass = loader.loadClass("org.gaul.s3proxy.blobstore.BlobStore");
            builderClass.getMethod("blobStore", blobStoreClass).invoke(builder, blobStore);
            builderClass.getMethod("endpoint", URI.class).invoke(builder, endpoint());
            builderClass.getMethod("stopTimeout", long.class).invoke(builder, 100L);
            @SuppressWarnings({"unchecked", "rawtypes"})
            Object v2OrV4 = Enum.valueOf((Class) loader.loadClass("org.gaul.s3proxy.auth.AuthenticationType"),
                "AWS_V2_OR_V4");
            builderClass.getMethod("awsAuthentication", v2OrV4.getClass(), String.class, String.class)
                .invoke(builder, v2OrV4, IDENTITY, CREDENTIAL);
            Object started = builderClass.getMethod("build").invoke(builder);
            s3ProxyClass.getMethod("start").invoke(started);
            Method state = s3ProxyClass.getMethod("getState");
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!"STARTED".equals(state.invoke(started))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("S3Proxy did not start: " + state.invoke(started));
                }
                Thread.onSpinWait();
            }
            proxy = started;
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    void stop() throws Exception {
        if (proxy != null) {
            try {
                proxy.getClass().getMethod("stop").invoke(proxy);
            } catch (java.lang.reflect.InvocationTargetException e) {
                // Jetty reports a graceful-stop timeout (idle keep-alive connections) but has stopped listening.
                if (!(e.getCause() instanceof java.util.concurrent.TimeoutException)) {
                    throw e;
                }
            }
            proxy = null;
        }
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** A client for checking objects, path-style as the sink is configured. */
    S3Client client() {
        return S3Client.builder()
            .httpClient(UrlConnectionHttpClient.builder().build())
            .region(Region.US_EAST_1)
            .endpointOverride(endpoint())
            .forcePathStyle(true)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(IDENTITY, CREDENTIAL)))
            .build();
    }

    @Override
    public void close() {
        try {
            stop();
            loader.close();
        } catch (Exception e) {
            throw new IllegalStateException("Could not stop S3Proxy", e);
        }
    }
}
