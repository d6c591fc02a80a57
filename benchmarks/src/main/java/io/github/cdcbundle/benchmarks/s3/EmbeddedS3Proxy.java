package io.github.cdcbundle.benchmarks.s3;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Properties;

/**
 * S3Proxy (transient in-memory store, path-style, AWS v2/v4 auth) inside this JVM, in its own class loader: its fat
 * jar bundles Jetty 12, Jackson 3, Logback and slf4j 2, which must not meet Kafka's jars. The jar is found through
 * the {@code s3proxy.jar} system property, else on the class path, else in the local Maven repository.
 */
final class EmbeddedS3Proxy {
    static final String IDENTITY = "bench-identity";
    static final String CREDENTIAL = "bench-credential";
    private static final String VERSION = "4.1.0";

    private final URLClassLoader loader;
    private final Object proxy;
    private final URI endpoint;

    private EmbeddedS3Proxy(URLClassLoader loader, Object proxy, URI endpoint) {
        this.loader = loader;
        this.proxy = proxy;
        this.endpoint = endpoint;
    }

    static EmbeddedS3Proxy start() throws Exception {
        System.setProperty("LOG_LEVEL", System.getProperty("LOG_LEVEL", "warn"));
        System.setProperty("logback.statusListenerClass", "ch.qos.logback.core.status.NopStatusListener");
        URLClassLoader loader = new URLClassLoader(new URL[] {jar().toUri().toURL()},
            ClassLoader.getPlatformClassLoader());
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(loader);
        try {
            Properties props = new Properties();
            props.setProperty("jclouds.identity", IDENTITY);
            props.setProperty("jclouds.credential", CREDENTIAL);
            Object blobStore = loader.loadClass("org.gaul.s3proxy.BlobStores")
                .getMethod("create", String.class, Properties.class).invoke(null, "transient", props);
            URI endpoint = URI.create("http://127.0.0.1:" + freePort());
            Class<?> s3ProxyClass = loader.loadClass("org.gaul.s3proxy.S3Proxy");
            Object builder = s3ProxyClass.getMethod("builder").invoke(null);
            Class<?> builderClass = builder.getClass();
            builderClass.getMethod("blobStore", loader.loadClass("org.gaul.s3proxy.blobstore.BlobStore"))
                .invoke(builder, blobStore);
            builderClass.getMethod("endpoint", URI.class).invoke(builder, endpoint);
            builderClass.getMethod("stopTimeout", long.class).invoke(builder, 100L);
            @SuppressWarnings({"unchecked", "rawtypes"})
            Object auth = Enum.valueOf((Class) loader.loadClass("org.gaul.s3proxy.auth.AuthenticationType"),
                "AWS_V2_OR_V4");
            builderClass.getMethod("awsAuthentication", auth.getClass(), String.class, String.class)
                .invoke(builder, auth, IDENTITY, CREDENTIAL);
            Object proxy = builderClass.getMethod("build").invoke(builder);
            s3ProxyClass.getMethod("start").invoke(proxy);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!"STARTED".equals(s3ProxyClass.getMethod("getState").invoke(proxy))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("S3Proxy did not start");
                }
                Thread.onSpinWait();
            }
            return new EmbeddedS3Proxy(loader, proxy, endpoint);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    private static Path jar() {
        String configured = System.getProperty("s3proxy.jar");
        if (configured != null) {
            return Paths.get(configured);
        }
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (entry.contains("s3proxy") && entry.endsWith("jar-with-dependencies.jar")) {
                return Paths.get(entry);
            }
        }
        Path m2 = Paths.get(System.getProperty("user.home"), ".m2", "repository", "org", "gaul", "s3proxy", VERSION,
            "s3proxy-" + VERSION + "-jar-with-dependencies.jar");
        if (Files.isRegularFile(m2)) {
            return m2;
        }
        throw new IllegalStateException("S3Proxy jar not found: pass -Ds3proxy.jar=<path to "
            + "s3proxy-" + VERSION + "-jar-with-dependencies.jar>");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    URI endpoint() {
        return endpoint;
    }

    void close() throws Exception {
        try {
            proxy.getClass().getMethod("stop").invoke(proxy);
        } catch (ReflectiveOperationException e) {
            // A graceful-stop timeout still leaves the server stopped.
        }
        loader.close();
    }
}
