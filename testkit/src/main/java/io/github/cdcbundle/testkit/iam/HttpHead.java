package io.github.cdcbundle.testkit.iam;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The head of one HTTP/1.1 message (request or response) as raw lines, so it can be forwarded unchanged: the SigV4
 * signature covers the Host header and every signed header byte for byte.
 */
final class HttpHead {
    private static final int MAX_HEAD = 64 * 1024;

    final String startLine;
    final List<String> headerLines;

    private HttpHead(String startLine, List<String> headerLines) {
        this.startLine = startLine;
        this.headerLines = headerLines;
    }

    /** Reads up to the blank line; null when the stream ends before any byte (an idle connection closed). */
    static HttpHead read(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                if (bytes.size() == 0) {
                    return null;
                }
                throw new IOException("connection closed inside an HTTP head");
            }
            bytes.write(b);
            if (bytes.size() > MAX_HEAD) {
                throw new IOException("HTTP head longer than " + MAX_HEAD + " bytes");
            }
            state = (b == '\r' && state % 2 == 0) || (b == '\n' && state % 2 == 1) ? state + 1 : b == '\r' ? 1 : 0;
        }
        // ISO-8859-1 maps each byte to one char, so the head goes back out exactly as it came in.
        String text = bytes.toString(StandardCharsets.ISO_8859_1);
        String[] lines = text.substring(0, text.length() - 4).split("\r\n", -1);
        List<String> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            headers.add(lines[i]);
        }
        return new HttpHead(lines[0], headers);
    }

    String method() {
        return startLine.substring(0, startLine.indexOf(' '));
    }

    String target() {
        String[] parts = startLine.split(" ");
        return parts.length > 1 ? parts[1] : "";
    }

    /** The status code of a response head. */
    int status() {
        String[] parts = startLine.split(" ");
        return parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
    }

    /** Header names lower-cased; a repeated header keeps its last value (S3 requests repeat none we read). */
    Map<String, String> headers() {
        Map<String, String> map = new LinkedHashMap<>();
        for (String line : headerLines) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                map.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        return map;
    }

    /** This head with every Connection header replaced by {@code Connection: close}, as bytes. */
    byte[] withConnectionClose() {
        StringBuilder sb = new StringBuilder(startLine).append("\r\n");
        for (String line : headerLines) {
            if (!line.regionMatches(true, 0, "connection:", 0, "connection:".length())) {
                sb.append(line).append("\r\n");
            }
        }
        sb.append("Connection: close\r\n\r\n");
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
