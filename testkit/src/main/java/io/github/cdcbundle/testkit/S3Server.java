package io.github.cdcbundle.testkit;

import io.github.cdcbundle.testkit.iam.IamEnforcingProxy;
import io.github.cdcbundle.testkit.iam.IamPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * A real S3 API server in this JVM: S3Proxy (path-style, AWS v2/v4 signatures), in memory or on a local folder.
 * Its fat jar bundles Jetty 12, Jackson 3 and Logback, which clash with Kafka Connect's classpath, so it runs in a
 * class loader of its own (parent: the platform loader) and is driven by reflection. The store outlives
 * {@link #stop()}, so a test can take S3 down and bring it back on the same port with the same objects.
 *
 * <p>S3Proxy enforces no IAM policy, so the connectors get an {@link IamEnforcingProxy} in front of it
 * ({@link #endpoint()}), which enforces docs/iam-policy.json by default: a connector that needs an action the shipped
 * policy lacks fails here as it would on AWS. The test's own setup and checks go to S3Proxy directly
 * ({@link #adminEndpoint()}). The policy's placeholder bucket stands for every bucket created with
 * {@link #createBucket}.
 */
public final class S3Server implements ObjectStore {
    public static final String ACCESS_KEY = "local-access-key";
    public static final String SECRET_KEY = "local-secret-key";
    public static final String REGION = "us-east-1";
    /** Where the poms say docs/iam-policy.json is; else it is looked for above the working directory. */
    public static final String POLICY_PROPERTY = "cdc.iam.policy";

    private final URLClassLoader loader;
    private final Object blobStore;
    private final int adminPort;
    private volatile IamPolicy policyTemplate;
    private final Set<String> buckets = new LinkedHashSet<>();
    private final IamEnforcingProxy gate;
    private final boolean ignoreUnknownHeaders;
    private Object proxy;

    private S3Server(URLClassLoader loader, Object blobStore, int adminPort, int port, IamPolicy policyTemplate,
            boolean ignoreUnknownHeaders) {
        this.loader = loader;
        this.ignoreUnknownHeaders = ignoreUnknownHeaders;
        this.blobStore = blobStore;
        this.adminPort = adminPort;
        this.policyTemplate = policyTemplate;
        this.gate = new IamEnforcingProxy(policyTemplate.forBuckets(buckets), port,
                new InetSocketAddress("127.0.0.1", adminPort));
    }

    /** An in-memory store whose connector endpoint enforces docs/iam-policy.json. */
    public static S3Server start() {
        return start(null);
    }

    /** A store on {@code folder} (objects become files there) or in memory when null; enforces docs/iam-policy.json. */
    public static S3Server start(Path folder) {
        return start(folder, IamPolicy.read(shippedPolicy()));
    }

    /**
     * Like {@link #start(Path)}, the connector endpoint enforcing {@code policy}, whose bucket
     * {@value IamPolicy#PLACEHOLDER_BUCKET} stands for each bucket the test creates.
     */
    public static S3Server start(Path folder, IamPolicy policy) {
        return start(folder, policy, false);
    }

    /**
     * Like {@link #start(Path, IamPolicy)}, with S3Proxy told to ignore the {@code x-amz-*} headers it does not
     * implement instead of answering 501 NotImplemented. S3Proxy 4.1 has no object tagging and refuses
     * {@code x-amz-tagging}; with this a test can write tagged objects and assert the header where it was sent, on
     * {@link #requests()}. Everything else stays as strict (IAM included: tags still need s3:PutObjectTagging).
     */
    public static S3Server startIgnoringUnknownHeaders(IamPolicy policy) {
        return start(null, policy, true);
    }

    private static S3Server start(Path folder, IamPolicy policy, boolean ignoreUnknownHeaders) {
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
            S3Server server = new S3Server(loader, store, Ports.free(), Ports.free(), policy, ignoreUnknownHeaders);
            server.restart();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** docs/iam-policy.json: the system property the poms set, else found above the working directory. */
    public static Path shippedPolicy() {
        String configured = System.getProperty(POLICY_PROPERTY);
        if (configured != null) {
            Path file = Path.of(configured);
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException("-D" + POLICY_PROPERTY + " names " + file + ", which is not a file");
            }
            return file;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path file = dir.resolve("docs").resolve("iam-policy.json");
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        throw new IllegalStateException("docs/iam-policy.json not found above " + Path.of("").toAbsolutePath()
                + "; set -D" + POLICY_PROPERTY);
    }

    /**
     * docs/iam-policy-options.json, beside {@link #shippedPolicy()}: the statements a user adds to it when turning on
     * the sink's object options (tags, canned ACL, SSE-KMS).
     */
    public static Path shippedOptionalStatements() {
        return shippedPolicy().resolveSibling("iam-policy-options.json");
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
            builderClass.getMethod("endpoint", URI.class).invoke(builder, adminEndpoint());
            builderClass.getMethod("stopTimeout", long.class).invoke(builder, 100L);
            builderClass.getMethod("ignoreUnknownHeaders", boolean.class).invoke(builder, ignoreUnknownHeaders);
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
        gate.start();
    }

    /** Stops serving on both endpoints (the store and its objects stay). */
    public void stop() {
        gate.stop();
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

    /** The IAM-enforcing endpoint: give this one to the connectors. */
    @Override
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + gate.port());
    }

    /** S3Proxy itself, which checks signatures but no policy. */
    @Override
    public URI adminEndpoint() {
        return URI.create("http://127.0.0.1:" + adminPort);
    }

    /** Creates the bucket (as admin) and binds the policy's placeholder bucket to it too. */
    @Override
    public synchronized void createBucket(String bucket) {
        ObjectStore.super.createBucket(bucket);
        buckets.add(bucket);
        gate.enforce(policyTemplate.forBuckets(buckets));
    }

    /**
     * Enforces {@code template} from the next request on, its placeholder bucket standing for every bucket created so
     * far and later (a test that shows what a policy without some statements refuses).
     */
    public synchronized void enforce(IamPolicy template) {
        policyTemplate = template;
        gate.enforce(template.forBuckets(buckets));
    }

    /** Multipart uploads the connectors started through {@link #endpoint()} and have not completed or aborted. */
    public int multipartUploadsInFlight() {
        return gate.multipartUploadsInFlight();
    }

    /** The requests sent to {@link #endpoint()}, oldest first, with their {@code x-amz-*} headers. */
    public List<IamEnforcingProxy.SeenRequest> requests() {
        return gate.requests();
    }

    /** Requests {@link #endpoint()} refused with 403 AccessDenied. */
    public long deniedRequests() {
        return gate.deniedRequests();
    }

    /** The message of the last 403 (names action and resource), or null. */
    public String lastDenial() {
        return gate.lastDenial();
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
