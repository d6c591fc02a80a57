package io.github.cdcbundle.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cdcbundle.testkit.Database;
import io.github.cdcbundle.testkit.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * What the lake holds for {@code public.items}, compared with what PostgreSQL committed (its audit table). Objects are
 * read once per ETag: a recovery may delete or rewrite an object, so each look lists the folder again.
 */
final class Lake implements AutoCloseable {
    /** One change as the lake has it: its identity (primary key, LSN, operation) and the row. */
    record Change(int id, long lsn, String op, JsonNode row) {
        String identity() {
            return id + "/" + lsn + "/" + op;
        }
    }

    /** Counts of one look. {@code lost} counts committed changes (up to the audit position asked) not in S3. */
    record Counts(long committed, long inS3, long distinct, long duplicated, long lost) {
    }

    private record Cached(String etag, List<Change> changes) {
    }

    private final ObjectStore s3;
    private final S3Client client;
    private final String prefix;
    private final Database db;
    private final Map<String, Cached> objects = new HashMap<>();

    Lake(ObjectStore s3, String topic, Database db) {
        this.s3 = s3;
        this.client = s3.client();
        this.prefix = "cdc/" + topic + "/";
        this.db = db;
    }

    List<Change> changes() {
        Map<String, String> listed = new HashMap<>();
        for (S3Object o : client.listObjectsV2Paginator(b -> b.bucket(Pipeline.BUCKET).prefix(prefix)).contents()) {
            listed.put(o.key(), o.eTag());
        }
        objects.keySet().retainAll(listed.keySet());
        List<Change> all = new ArrayList<>();
        for (Map.Entry<String, String> entry : listed.entrySet()) {
            Cached cached = objects.get(entry.getKey());
            if (cached == null || !cached.etag().equals(entry.getValue())) {
                try {
                    cached = new Cached(entry.getValue(), parse(entry.getKey()));
                } catch (NoSuchKeyException e) {
                    continue; // recovery deleted an uncommitted object after the listing; the next look lists anew
                }
                objects.put(entry.getKey(), cached);
            }
            all.addAll(cached.changes());
        }
        return all;
    }

    private List<Change> parse(String key) {
        String text = new String(s3.get(Pipeline.BUCKET, key), StandardCharsets.UTF_8);
        List<Change> changes = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                try {
                    JsonNode row = S3Rows.JSON.readTree(line);
                    changes.add(new Change(row.get("id").asInt(), row.get("__lsn").asLong(),
                            row.get("__op").asText(), row));
                } catch (IOException e) {
                    throw new UncheckedIOException("not a JSON line in " + key, e);
                }
            }
        }
        return changes;
    }

    /** Compares the lake with the changes PostgreSQL committed up to audit sequence {@code upToSeq}. */
    Counts counts(long upToSeq) {
        List<Change> changes = changes();
        Set<String> distinct = new HashSet<>();
        Map<String, Integer> inS3 = new HashMap<>();
        for (Change change : changes) {
            if (distinct.add(change.identity())) {
                inS3.merge(change.id() + "/" + change.op(), 1, Integer::sum);
            }
        }
        Map<String, Integer> committed = new HashMap<>();
        long total = 0;
        try (Connection c = db.connect(Pipeline.DATABASE); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, op, count(*) FROM public.items_audit WHERE seq <= "
                        + upToSeq + " GROUP BY id, op")) {
            while (rs.next()) {
                committed.put(rs.getInt(1) + "/" + rs.getString(2).trim(), rs.getInt(3));
                total += rs.getInt(3);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the audit table: " + e.getMessage(), e);
        }
        long lost = 0;
        for (Map.Entry<String, Integer> entry : committed.entrySet()) {
            lost += Math.max(0, entry.getValue() - inS3.getOrDefault(entry.getKey(), 0));
        }
        return new Counts(total, changes.size(), distinct.size(), changes.size() - distinct.size(), lost);
    }

    /** The audit position now: every change committed so far has a sequence at or below it. */
    long auditPosition() {
        try (Connection c = db.connect(Pipeline.DATABASE); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT coalesce(max(seq), 0) FROM public.items_audit")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the audit table: " + e.getMessage(), e);
        }
    }

    /** Differences between the newest lake row per key (deletes drop the key) and PostgreSQL's table. */
    List<String> newestRowsDifferFromPostgres() {
        Map<Integer, Change> newest = new HashMap<>();
        for (Change change : changes()) {
            newest.merge(change.id(), change, (a, b) -> a.lsn() >= b.lsn() ? a : b);
        }
        Map<Integer, String> pg = new HashMap<>();
        try (Connection c = db.connect(Pipeline.DATABASE); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, qty, note FROM public.items")) {
            while (rs.next()) {
                pg.put(rs.getInt(1), rs.getInt(2) + "|" + rs.getString(3));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read public.items: " + e.getMessage(), e);
        }
        List<String> differences = new ArrayList<>();
        Set<Integer> ids = new HashSet<>(pg.keySet());
        ids.addAll(newest.keySet());
        for (int id : ids) {
            Change change = newest.get(id);
            String lake = change == null || change.row().path("__deleted").asBoolean() ? null
                    : change.row().get("qty").asInt() + "|" + change.row().get("note").asText();
            String expected = pg.get(id);
            if (lake == null ? expected != null : !lake.equals(expected)) {
                differences.add("id " + id + ": lake " + lake + ", PostgreSQL " + expected);
            }
        }
        return differences;
    }

    @Override
    public void close() {
        client.close();
    }
}
