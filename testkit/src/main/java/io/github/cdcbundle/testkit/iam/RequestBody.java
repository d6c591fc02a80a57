package io.github.cdcbundle.testkit.iam;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/** Reads a request body as sent (Content-Length or chunked) and decodes chunk framing (HTTP or aws-chunked). */
final class RequestBody {
    private RequestBody() {
    }

    /** The body's bytes exactly as they came, so they can be forwarded unchanged; empty when there is none. */
    static byte[] readRaw(InputStream in, Map<String, String> headers) throws IOException {
        String length = headers.get("content-length");
        if (length != null) {
            return in.readNBytes(Integer.parseInt(length.trim()));
        }
        if (headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked")) {
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = line(in, raw);
                int size = Integer.parseInt(sizeLine.split(";", 2)[0].trim(), 16);
                if (size == 0) {
                    // trailers, then the blank line
                    while (!line(in, raw).isEmpty()) {
                        // skip
                    }
                    return raw.toByteArray();
                }
                raw.write(in.readNBytes(size + 2));
            }
        }
        return new byte[0];
    }

    /**
     * Consumes a body the proxy will not forward, so the client is not cut off mid-send and reads the 403's body.
     * A client that sent {@code Expect: 100-continue} is told to go on first: the JDK's HttpURLConnection, answered
     * a final status instead, reports the status without S3's error body, and the message naming the refused
     * action would be lost.
     */
    static void discard(InputStream in, OutputStream out, Map<String, String> headers) throws IOException {
        if (headers.getOrDefault("expect", "").equalsIgnoreCase("100-continue")) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
        readRaw(in, headers);
    }

    /** The payload: chunk framing removed when {@code Transfer-Encoding: chunked} or {@code aws-chunked} was used. */
    static byte[] payload(byte[] raw, Map<String, String> headers) throws IOException {
        boolean chunked = headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked");
        boolean awsChunked = headers.getOrDefault("content-encoding", "").toLowerCase(Locale.ROOT)
                .contains("aws-chunked");
        byte[] body = raw;
        if (chunked) {
            body = unchunk(body);
        }
        if (awsChunked) {
            body = unchunk(body);
        }
        return body;
    }

    private static byte[] unchunk(byte[] framed) throws IOException {
        InputStream in = new java.io.ByteArrayInputStream(framed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line(in, null);
            int size = Integer.parseInt(sizeLine.split(";", 2)[0].trim(), 16);
            if (size == 0) {
                return out.toByteArray();
            }
            out.write(in.readNBytes(size));
            line(in, null);
        }
    }

    private static String line(InputStream in, ByteArrayOutputStream copy) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("body ended inside a chunk header");
            }
            if (copy != null) {
                copy.write(b);
            }
            if (previous == '\r' && b == '\n') {
                byte[] all = bytes.toByteArray();
                return new String(all, 0, all.length - 1, StandardCharsets.ISO_8859_1);
            }
            bytes.write(b);
            previous = b;
        }
    }
}
