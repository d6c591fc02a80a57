package io.github.cdcbundle.e2e;

import io.github.cdcbundle.testkit.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * An application writing to PostgreSQL while faults hit the pipeline: transactions of an insert, an update and now
 * and then a delete on {@code public.items}, about {@code transactionsPerSecond} of them, retried after any error (a
 * restarting server) as a real application's would be. What was committed is known exactly from
 * {@code public.items_audit}, which a trigger fills in the same transaction and which is not published, so a commit
 * whose acknowledgement was lost in a crash still counts as what it was.
 */
final class ChangeWriter implements AutoCloseable {
    static final List<String> SETUP = List.of(
            "CREATE TABLE public.items (id int PRIMARY KEY, qty int NOT NULL, note text NOT NULL)",
            "CREATE TABLE public.items_audit (seq bigserial PRIMARY KEY, id int NOT NULL, op char(1) NOT NULL)",
            "CREATE FUNCTION public.items_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                    + "IF TG_OP = 'DELETE' THEN INSERT INTO public.items_audit (id, op) VALUES (OLD.id, 'd'); "
                    + "ELSIF TG_OP = 'UPDATE' THEN INSERT INTO public.items_audit (id, op) VALUES (NEW.id, 'u'); "
                    + "ELSE INSERT INTO public.items_audit (id, op) VALUES (NEW.id, 'c'); END IF; RETURN NULL; END $$",
            "CREATE TRIGGER items_audit AFTER INSERT OR UPDATE OR DELETE ON public.items "
                    + "FOR EACH ROW EXECUTE FUNCTION public.items_audit()");

    private final Database db;
    private final String database;
    private final long pauseNanos;
    private final Thread thread;
    private final SplittableRandom random = new SplittableRandom(42);
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean running = true;
    private volatile int noteBytes = 40;
    private volatile CountDownLatch holdRequest;
    private volatile CountDownLatch holding;
    private volatile boolean heldTransactionFailed;
    private volatile Throwable died;
    private Connection connection;
    private final List<Integer> live = new ArrayList<>();
    private volatile int nextId;

    ChangeWriter(Database db, String database, int transactionsPerSecond) {
        this.db = db;
        this.database = database;
        this.pauseNanos = TimeUnit.SECONDS.toNanos(1) / transactionsPerSecond;
        this.thread = new Thread(this::run, "change-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Rows written from now on carry a note of {@code bytes} characters (large rows make multipart uploads). */
    void noteBytes(int bytes) {
        noteBytes = bytes;
    }

    /**
     * Makes the next transaction stop after its statements, before COMMIT, until {@code release} counts down; returns
     * once the writer is holding it open.
     */
    void holdNextTransactionOpen(CountDownLatch release) throws InterruptedException {
        holding = new CountDownLatch(1);
        heldTransactionFailed = false;
        holdRequest = release;
        if (!holding.await(60, TimeUnit.SECONDS)) {
            throw new AssertionError("the writer did not open a transaction within 60 s");
        }
    }

    /** Whether the transaction held open by {@link #holdNextTransactionOpen} failed to commit (and was retried). */
    boolean heldTransactionFailed() {
        return heldTransactionFailed;
    }

    long failures() {
        return failures.get();
    }

    /** For a failure message: whether the writer still runs, how it stopped, and how far it got. */
    String describe() {
        return (thread.isAlive() ? "running" : "stopped" + (died == null ? "" : " by " + died)) + ", next id " + nextId
                + ", " + failures.get() + " failed transactions";
    }

    /** Changes committed so far, by the audit table. */
    long committedChanges() {
        try (Connection c = db.connect(database); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM public.items_audit")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count committed changes: " + e.getMessage(), e);
        }
    }

    private void run() {
        try {
            loop();
        } catch (RuntimeException | Error e) {
            died = e;
            throw e;
        }
    }

    private void loop() {
        while (running) {
            try {
                if (connection == null) {
                    connect();
                }
                writeOneTransaction();
                LockSupport.parkNanos(pauseNanos);
            } catch (SQLException e) {
                failures.incrementAndGet();
                closeConnection();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200)); // the server is restarting: back off
            }
        }
        closeConnection();
    }

    /** (Re)connects and reloads what is committed: a commit may have succeeded although its answer was lost. */
    private void connect() throws SQLException {
        connection = db.connect(database);
        connection.setAutoCommit(false);
        live.clear();
        try (Statement s = connection.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT id FROM public.items ORDER BY id")) {
                while (rs.next()) {
                    live.add(rs.getInt(1));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT coalesce(max(id), 0) FROM public.items_audit")) {
                rs.next();
                nextId = rs.getInt(1) + 1;
            }
        }
        connection.commit();
    }

    private void writeOneTransaction() throws SQLException {
        CountDownLatch release = holdRequest;
        List<Integer> afterCommit = new ArrayList<>(live);
        int id = nextId;
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO public.items (id, qty, note) VALUES (?, ?, ?)");
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE public.items SET qty = qty + 1, note = ? WHERE id = ?");
                PreparedStatement delete = connection.prepareStatement("DELETE FROM public.items WHERE id = ?")) {
            insert.setInt(1, id);
            insert.setInt(2, random.nextInt(1000));
            insert.setString(3, note(id));
            insert.executeUpdate();
            afterCommit.add(id);
            if (!live.isEmpty()) {
                int target = live.get(random.nextInt(live.size()));
                update.setString(1, note(target));
                update.setInt(2, target);
                update.executeUpdate();
                if (live.size() > 50 && random.nextInt(3) == 0) {
                    int victim = live.get(random.nextInt(live.size()));
                    delete.setInt(1, victim);
                    delete.executeUpdate();
                    afterCommit.remove(Integer.valueOf(victim));
                }
            }
            if (release != null) {
                holdRequest = null;
                holding.countDown();
                try {
                    release.await(120, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            try {
                connection.commit();
            } catch (SQLException e) {
                if (release != null) {
                    heldTransactionFailed = true;
                }
                throw e;
            }
        } catch (SQLException e) {
            if (release != null) {
                heldTransactionFailed = true;
            }
            throw e;
        }
        nextId = id + 1;
        live.clear();
        live.addAll(afterCommit);
    }

    private String note(int id) {
        StringBuilder text = new StringBuilder(noteBytes + 16).append("item ").append(id).append(' ');
        while (text.length() < noteBytes) {
            text.append((char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // the server went away; the next loop reconnects
            }
            connection = null;
        }
    }

    /** Stops writing and waits for the last transaction to end. */
    @Override
    public void close() {
        running = false;
        TableWorkload.awaitEnd(thread);
    }
}
