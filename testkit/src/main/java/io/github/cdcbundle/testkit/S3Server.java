package io.github.cdcbundle.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeoutException;

/**
 * A real S3 API server in this JVM: S3Proxy (path-style, AWS v2/v4 signatures), in memory or on a local folder.
 * Its fat jar bundles Jetty 12, Jackson 3 and Logback, which clash with Kafka Connect's classpath, so it runs in a
 * class loader of its own (parent: the platform loader) and is driven by reflection. The store outlives
 * {@link #stop()}, so a test can take S3 down and bring it back on the same port with the same objects.
 */
public final class S3Server implements ObjectStore {
    public static final String ACCESS_KEY = "local-access-key";
    public static final String SECRET_KEY = "local-secret-key";
    public static final String REGION = "us-east-1";

    private final URLClassLoader loader;
    private final Object blobStore;
    private final int port;
    private Object proxy;

    private S3Server(URLClassLoader loader, Object blobStore, int port) {
        this.loader = loader;
        this.blobStore = blobStore;
        this.port = port;
    }

    /** An in-memory store. */
    public static S3Server start() {
        return start(null);
    }

    /** A store on {@code folder} (objects become files there) or in memory when null. */
    public static S3Server start(Path folder) {
        System.setProperty("LOG_LEVEL", System.getProperty("LOG_LEVEL", "warn"));
        // S3Proxy's own logback.xml declares an appender it does not use; logback then prints its whole
        // configuration status (two dozen lines) to stdout. A status listener of our choosing stops that.
        System.setProperty("logback.statusListenerClass",
                System.getProperty("logback.statusListenerClass", "ch.qos.logback.core.status.NopStatusListener"));
        Path jar = s3ProxyJar();
        try {
            URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                    ClassLoader.getPlatformClassLoader());
            Properties props = new Properties();
            props.setProperty("jclouds.identity", ACCESS_KEY);
            props.setProperty("jclouds.credential", SECRET_KEY);
            String provider = folder == null ? "transient" : "filesystem";
            if (folder != null) {
                Files.createDirectories(folder);
                props.setProperty("jclouds.filesystem.basedir", folder.toAbsolutePath().toString());
            }
            Object store = withLoader(loader, () -> loader.loadClass("org.gaul.s3proxy.BlobStores")
                    .getMethod("create", String.class, Properties.class).invoke(null, provider, props));
            S3Server server = new S3Server(loader, store, Ports.free());
            server.restart();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The S3Proxy jar: the system property Maven sets, else the local Maven repository. */
    static Path s3ProxyJar() {
        String configured = System.getProperty("cdc.testkit.s3proxy.jar");
        if (configured != null && Files.isRegularFile(Path.of(configured))) {
            return Path.of(configured);
        }
        String version = kitProperty("s3proxy.version");
        String repo = System.getProperty("maven.repo.local",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
        Path jar = Path.of(repo, "org", "gaul", "s3proxy", version,
                "s3proxy-" + version + "-jar-with-dependencies.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("S3Proxy jar not found at " + jar + "; build the project first (mvn -B "
                    + "-DskipTests install) or set -Dcdc.testkit.s3proxy.jar");
        }
        return jar;
    }

    static String kitProperty(String key) {
        try (InputStream in = S3Server.class.getResourceAsStream("/io/github/cdcbundle/testkit/testkit.properties")) {
            Properties props = new Properties();
            props.load(in);
            return props.getProperty(key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private interface Call<T> {
        T run() throws Exception;
    }

    private static <T> T withLoader(ClassLoader loader, Call<T> call) {
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(loader);
        try {
            return call.run();
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy call failed", e);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    /** (Re)starts on the same port, serving the same store. */
    public void restart() {
        proxy = withLoader(loader, () -> {
            Class<?> s3ProxyClass = loader.loadClass("org.gaul.s3proxy.S3Proxy");
            Object builder = s3ProxyClass.getMethod("builder").invoke(null);
            Class<?> builderClass = builder.getClass();
            builderClass.getMethod("blobStore", loader.loadClass("org.gaul.s3proxy.blobstore.BlobStore"))
                    .invoke(builder, blobStore);
            builderClass.getMethod("endpoint", URI.class).invoke(builder, endpoint());
            builderClass.getMethod("stopTimeout", long.class).invoke(builder, 100L);
            @SuppressWarnings({"unchecked", "rawtypes"})
            Object auth = Enum.valueOf((Class) loader.loadClass("org.gaul.s3proxy.auth.AuthenticationType"),
                    "AWS_V2_OR_V4");
            builderClass.getMethod("awsAuthentication", auth.getClass(), String.class, String.class)
                    .invoke(builder, auth, ACCESS_KEY, SECRET_KEY);
            Object started = builderClass.getMethod("build").invoke(builder);
            s3ProxyClass.getMethod("start").invoke(started);
            Method state = s3ProxyClass.getMethod("getState");
            Poll.untilTrue("S3Proxy to start", Duration.ofSeconds(30), () -> {
                try {
                    return "STARTED".equals(state.invoke(started));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            });
            return started;
        });
    }

    /** Stops serving (the store and its objects stay). */
    public void stop() {
        if (proxy == null) {
            return;
        }
        Object running = proxy;
        proxy = null;
        withLoader(loader, () -> {
            try {
                running.getClass().getMethod("stop").invoke(running);
            } catch (InvocationTargetException e) {
                // Jetty reports a graceful-stop timeout for idle keep-alive connections, but has stopped listening.
                if (!(e.getCause() instanceof TimeoutException)) {
                    throw e;
                }
            }
            return null;
        });
    }

    @Override
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public String accessKey() {
        return ACCESS_KEY;
    }

    @Override
    public String secretKey() {
        return SECRET_KEY;
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            try {
                loader.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
