package io.github.cdcbundle.e2e;

import io.github.cdcbundle.testkit.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * An application changing one table in single-statement transactions, each a new version of its row: an update raises
 * {@code qty} by one, an insert starts a new key at 0, a delete ends a key. It remembers every change PostgreSQL
 * acknowledged ("u id qty", "c id 0", "d id"), so a test can hold the captured stream to exactly those changes.
 */
final class TableWorkload implements AutoCloseable {
    private final Database db;
    private final String table;
    private final int keys;
    private final int insertPercent;
    private final int deletePercent;
    private final long pauseNanos;
    private final SplittableRandom random = new SplittableRandom(7);
    private final List<String> committed = new ArrayList<>();
    private final AtomicLong ops = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean running = true;
    private int nextKey;

    private TableWorkload(Database db, String table, int keys, int insertPercent, int deletePercent,
            int changesPerSecond) {
        this.db = db;
        this.table = table;
        this.keys = keys;
        this.nextKey = keys + 1;
        this.insertPercent = insertPercent;
        this.deletePercent = deletePercent;
        this.pauseNanos = TimeUnit.SECONDS.toNanos(1) / changesPerSecond;
        this.thread = new Thread(this::run, "workload-" + table);
        thread.setDaemon(true);
    }

    /** Updates only, on keys 1..{@code keys}. */
    static TableWorkload updates(Database db, String table, int keys, int changesPerSecond) {
        return new TableWorkload(db, table, keys, 0, 0, changesPerSecond);
    }

    /** Mostly updates of keys 1..{@code keys}, some inserts of new keys, some deletes. */
    static TableWorkload mixed(Database db, String table, int keys, int changesPerSecond) {
        return new TableWorkload(db, table, keys, 10, 10, changesPerSecond);
    }

    void start() {
        thread.start();
    }

    long ops() {
        rethrow();
        return ops.get();
    }

    /** The acknowledged changes so far. */
    List<String> committed() {
        rethrow();
        synchronized (committed) {
            return List.copyOf(committed);
        }
    }

    private void run() {
        try (Connection c = db.connect(Pipeline.DATABASE);
                PreparedStatement update = c.prepareStatement(
                        "UPDATE " + table + " SET qty = qty + 1 WHERE id = ? RETURNING qty");
                PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO " + table + " (id, qty, note) VALUES (?, 0, ?)");
                PreparedStatement delete = c.prepareStatement("DELETE FROM " + table + " WHERE id = ?")) {
            while (running) {
                int dice = random.nextInt(100);
                String change;
                if (dice < insertPercent) {
                    int id = nextKey++;
                    insert.setInt(1, id);
                    insert.setString(2, "new " + id);
                    insert.executeUpdate();
                    change = "c " + id + " 0";
                } else if (dice < insertPercent + deletePercent) {
                    int id = 1 + random.nextInt(keys);
                    delete.setInt(1, id);
                    change = delete.executeUpdate() == 1 ? "d " + id : null;
                } else {
                    int id = 1 + random.nextInt(keys);
                    update.setInt(1, id);
                    try (ResultSet rs = update.executeQuery()) {
                        change = rs.next() ? "u " + id + " " + rs.getInt(1) : null;
                    }
                }
                if (change != null) {
                    synchronized (committed) {
                        committed.add(change);
                    }
                    ops.incrementAndGet();
                }
                LockSupport.parkNanos(pauseNanos); // the application's pace, not a wait for anything
            }
        } catch (SQLException | RuntimeException e) {
            failure.set(e);
        }
    }

    private void rethrow() {
        Throwable t = failure.get();
        if (t != null) {
            throw new AssertionError("the workload on " + table + " failed: " + t.getMessage(), t);
        }
    }

    @Override
    public void close() {
        running = false;
        awaitEnd(thread);
        rethrow();
    }

    /** Waits up to 30 s for a workload's thread to finish its last transaction (shared with ChangeWriter). */
    static void awaitEnd(Thread thread) {
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
