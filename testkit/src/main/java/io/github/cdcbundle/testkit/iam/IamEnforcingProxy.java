package io.github.cdcbundle.testkit.iam;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.TreeMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An S3 endpoint that enforces an {@link IamPolicy} in front of an S3 server that enforces none: a raw HTTP/1.1
 * reverse proxy, one thread and one upstream connection per request. It decides from the request head (and, for
 * DeleteObjects, the buffered body) and either answers S3's 403 AccessDenied itself or forwards the request byte for
 * byte, because the SigV4 signature covers the Host header and the signed headers as the client sent them. Only
 * {@code Connection} is changed (to {@code close}) so each exchange ends with the upstream connection.
 *
 * <p>It keeps the head of every request it was sent ({@link #requests()}: method, key, query and the {@code x-amz-*}
 * headers), so a test can assert what reached S3 where the server behind does not store it (tags, for S3Proxy).
 *
 * <p>Where it differs from AWS: a DeleteObjects naming a key the policy does not allow is refused whole with a 403,
 * whereas S3 answers 200 and lists the key under {@code <Error>}; the sink fails either way.
 */
public final class IamEnforcingProxy implements Closeable {
    private static final Pattern UPLOAD_ID = Pattern.compile("<UploadId>([^<]+)</UploadId>");

    private volatile IamPolicy policy;
    private final int port;
    private final InetSocketAddress upstream;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Set<String> uploadsInFlight = ConcurrentHashMap.newKeySet();
    private final AtomicLong denied = new AtomicLong();
    private final AtomicReference<String> lastDenial = new AtomicReference<>();
    /** Object ARN to the KMS key ARN it was last written under (reads then need kms:Decrypt). */
    private final Map<String, String> kmsObjects = new ConcurrentHashMap<>();
    private final Deque<SeenRequest> seen = new ConcurrentLinkedDeque<>();

    /** The most requests {@link #requests()} keeps (the oldest go first). */
    public static final int REQUESTS_KEPT = 10_000;

    /**
     * One request as the proxy saw it: upper-case method, bucket, key (null for bucket calls), query, and its
     * {@code x-amz-*} headers with lower-case names except the signature's own (date, content hash, security token).
     */
    public record SeenRequest(String method, String bucket, String key, Map<String, String> query,
            Map<String, String> amzHeaders, boolean denied) {
        /** PutObject (not UploadPart or a copy). */
        public boolean isPutObject() {
            return method.equals("PUT") && key != null && query.isEmpty()
                    && !amzHeaders.containsKey("x-amz-copy-source");
        }

        public boolean isCreateMultipartUpload() {
            return method.equals("POST") && key != null && query.containsKey("uploads");
        }
    }
    private volatile ServerSocket server;

    public IamEnforcingProxy(IamPolicy policy, int port, InetSocketAddress upstream) {
        this.policy = policy;
        this.port = port;
        this.upstream = upstream;
    }

    /** Enforces {@code next} from the next request on (a test binds the policy to the buckets it creates). */
    public void enforce(IamPolicy next) {
        policy = next;
    }

    /** Listens on the port (again, after {@link #stop()}). */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            ServerSocket socket = new ServerSocket();
            // The port is reused across stop/start (fault tests take S3 down and bring it back).
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
            server = socket;
            Thread accept = new Thread(() -> acceptLoop(socket), "iam-proxy-accept-" + port);
            accept.setDaemon(true);
            accept.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on port " + port + " for the IAM-enforcing S3 endpoint", e);
        }
    }

    /** Refuses new connections and cuts the open ones, as a stopped S3 endpoint would. */
    public synchronized void stop() {
        ServerSocket socket = server;
        server = null;
        if (socket != null) {
            closeQuietly(socket);
        }
        for (Socket s : open) {
            closeQuietly(s);
        }
        open.clear();
    }

    @Override
    public void close() {
        stop();
    }

    public int port() {
        return port;
    }

    /** Multipart uploads created through this endpoint and not yet completed or aborted through it. */
    public int multipartUploadsInFlight() {
        return uploadsInFlight.size();
    }

    /** The requests sent to this endpoint so far (the last {@value #REQUESTS_KEPT}), oldest first. */
    public List<SeenRequest> requests() {
        return List.copyOf(seen);
    }

    /** Requests answered with 403 AccessDenied so far. */
    public long deniedRequests() {
        return denied.get();
    }

    /** The message of the last 403, or null. */
    public String lastDenial() {
        return lastDenial.get();
    }

    private void acceptLoop(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                open.add(client);
                Thread t = new Thread(() -> serve(client), "iam-proxy-" + port);
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed by stop()
            }
        }
    }

    private void serve(Socket client) {
        Socket up = null;
        try (client) {
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            HttpHead head = HttpHead.read(in);
            if (head == null) {
                return;
            }
            Map<String, String> headers = head.headers();
            S3Action.Request request = S3Action.Request.of(head.method(), head.target(), headers);
            byte[] body = null;
            boolean sentContinue = false;
            List<String> deleteKeys = List.of();
            if (request.needsBody()) {
                if (headers.getOrDefault("expect", "").equalsIgnoreCase("100-continue")) {
                    out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    sentContinue = true;
                }
                body = RequestBody.readRaw(in, headers);
                deleteKeys = DeleteObjectsKeys.parse(RequestBody.payload(body, headers));
            }
            String refusal = refusal(request, head, deleteKeys);
            remember(request, refusal != null);
            if (refusal != null) {
                denied.incrementAndGet();
                lastDenial.set(refusal);
                if (body == null) {
                    RequestBody.discard(in, out, headers);
                }
                out.write(AccessDenied.response(refusal, request.method().equals("HEAD")));
                out.flush();
                return;
            }
            up = new Socket();
            open.add(up);
            up.connect(upstream, 10_000);
            OutputStream upOut = up.getOutputStream();
            upOut.write(head.withConnectionClose());
            if (body != null) {
                upOut.write(body);
                upOut.flush();
            } else {
                upOut.flush();
                Socket target = up;
                // The body (any framing, sent after a 100 Continue or not) flows as it comes, until either side ends.
                Thread pump = new Thread(() -> pump(in, target), "iam-proxy-body-" + port);
                pump.setDaemon(true);
                pump.start();
            }
            answer(request, up.getInputStream(), out, sentContinue);
        } catch (IOException | RuntimeException e) {
            // A client or upstream that went away (S3 stopped, a worker killed): the client sees the cut connection.
        } finally {
            if (up != null) {
                closeQuietly(up);
                open.remove(up);
            }
            open.remove(client);
        }
    }

    private void remember(S3Action.Request request, boolean denied) {
        Map<String, String> amz = new TreeMap<>();
        request.headers().forEach((name, value) -> {
            if (name.startsWith("x-amz-") && !SIGNATURE_HEADERS.contains(name)) {
                amz.put(name, value);
            }
        });
        SeenRequest entry = new SeenRequest(request.method(), request.bucket(), request.key(),
                Map.copyOf(request.query()), Collections.unmodifiableMap(amz), denied);
        seen.addLast(entry);
        while (seen.size() > REQUESTS_KEPT) {
            seen.pollFirst();
        }
        if (!denied && (entry.isPutObject() || entry.isCreateMultipartUpload())) {
            String object = S3Action.objectArn(request.bucket(), request.key());
            String kmsKey = S3Action.kmsKeyOfWrite(request);
            if (kmsKey == null) {
                kmsObjects.remove(object);
            } else {
                kmsObjects.put(object, kmsKey);
            }
        }
    }

    private static final Set<String> SIGNATURE_HEADERS = Set.of("x-amz-date", "x-amz-content-sha256",
            "x-amz-security-token", "x-amz-decoded-content-length", "x-amz-sdk-checksum-algorithm",
            "x-amz-trailer");

    /** The message of the 403 to answer, or null when the policy allows every action the call needs. */
    private String refusal(S3Action.Request request, HttpHead head, List<String> deleteKeys) {
        String storedKms = request.key() == null ? null
                : kmsObjects.get(S3Action.objectArn(request.bucket(), request.key()));
        List<S3Action> needed = S3Action.required(request, deleteKeys, storedKms);
        if (needed.isEmpty()) {
            return AccessDenied.unknownCall(request.method(), head.target());
        }
        IamPolicy current = policy;
        for (S3Action action : needed) {
            IamPolicy.Decision decision = current.decide(action.action(), action.resource());
            if (decision != IamPolicy.Decision.ALLOWED) {
                return AccessDenied.message(action, decision);
            }
        }
        return null;
    }

    private static void pump(InputStream in, Socket target) {
        try {
            in.transferTo(target.getOutputStream());
        } catch (IOException e) {
            // the exchange ended (the response was sent and the sockets closed)
        }
    }

    /** Forwards the response and keeps count of the multipart uploads in flight. */
    private void answer(S3Action.Request request, InputStream upIn, OutputStream out, boolean sentContinue)
            throws IOException {
        HttpHead response;
        do {
            response = HttpHead.read(upIn);
            if (response == null) {
                throw new IOException("upstream closed before answering");
            }
        } while (response.status() / 100 == 1 && forwardInterim(response, out, sentContinue));
        boolean create = request.method().equals("POST") && request.query().containsKey("uploads");
        boolean finish = request.query().containsKey("uploadId")
                && (request.method().equals("POST") || request.method().equals("DELETE"));
        if (create || finish) {
            // Count before the client sees the answer, so a test that polls the count after the call sees it.
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            upIn.transferTo(rest);
            Matcher m = UPLOAD_ID.matcher(rest.toString(StandardCharsets.UTF_8));
            if (create && response.status() == 200 && m.find()) {
                uploadsInFlight.add(m.group(1));
            } else if (finish && response.status() / 100 == 2) {
                uploadsInFlight.remove(request.query().get("uploadId"));
            }
            out.write(response.withConnectionClose());
            out.write(rest.toByteArray());
        } else {
            out.write(response.withConnectionClose());
            upIn.transferTo(out);
        }
        out.flush();
    }

    /** Passes a 1xx on to the client unless we already answered its Expect ourselves; true to read on. */
    private static boolean forwardInterim(HttpHead interim, OutputStream out, boolean sentContinue)
            throws IOException {
        if (!sentContinue) {
            StringBuilder sb = new StringBuilder(interim.startLine).append("\r\n");
            interim.headerLines.forEach(l -> sb.append(l).append("\r\n"));
            out.write(sb.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
        return true;
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
