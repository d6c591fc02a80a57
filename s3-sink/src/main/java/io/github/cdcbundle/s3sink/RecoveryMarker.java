package io.github.cdcbundle.s3sink;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The per topic-partition marker object: the batches of objects that were (or are about to be) uploaded and
 * whose offsets may not be committed yet. One line per object: {@code <batchStart> <batchEnd> <url-encoded key>}.
 */
final class RecoveryMarker {
    static final String HEADER = "cdc-s3-sink-marker 1";

    /** Objects uploaded for the offsets [start, end) of one batch. */
    static final class Batch {
        final long start;
        final long end;
        final List<String> keys;

        Batch(long start, long end, List<String> keys) {
            this.start = start;
            this.end = end;
            this.keys = keys;
        }
    }

    private RecoveryMarker() {
    }

    static byte[] write(List<Batch> batches) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (Batch batch : batches) {
            for (String key : batch.keys) {
                sb.append(batch.start).append(' ').append(batch.end).append(' ')
                    .append(URLEncoder.encode(key, StandardCharsets.UTF_8)).append('\n');
            }
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    static List<Batch> read(byte[] bytes, String markerKey) {
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n");
        if (lines.length == 0 || !lines[0].equals(HEADER)) {
            throw new IllegalStateException("Recovery marker " + markerKey + " is not a marker written by this sink");
        }
        List<Batch> batches = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                continue;
            }
            String[] parts = lines[i].split(" ", 3);
            if (parts.length != 3) {
                throw new IllegalStateException("Recovery marker " + markerKey + " has a malformed line " + (i + 1));
            }
            long start = Long.parseLong(parts[0]);
            long end = Long.parseLong(parts[1]);
            String key = URLDecoder.decode(parts[2], StandardCharsets.UTF_8);
            Batch last = batches.isEmpty() ? null : batches.get(batches.size() - 1);
            if (last != null && last.start == start && last.end == end) {
                last.keys.add(key);
            } else {
                List<String> keys = new ArrayList<>();
                keys.add(key);
                batches.add(new Batch(start, end, keys));
            }
        }
        return batches;
    }
}
