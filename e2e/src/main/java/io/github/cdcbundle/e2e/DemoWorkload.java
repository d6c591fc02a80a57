package io.github.cdcbundle.e2e;

import io.github.cdcbundle.testkit.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/** A small generator of changes on two demo tables: inserts, updates and deletes, a few per second. */
final class DemoWorkload implements Runnable, AutoCloseable {
    static final String TABLES = "public.customers,public.orders";
    static final List<String> SCHEMA = List.of(
            "CREATE TABLE public.customers (id serial PRIMARY KEY, name text NOT NULL, email text, "
                    + "balance numeric(12,2) NOT NULL DEFAULT 0, created_at timestamptz NOT NULL DEFAULT now())",
            "CREATE TABLE public.orders (id bigserial PRIMARY KEY, customer_id int NOT NULL, status text NOT NULL, "
                    + "amount numeric(10,2) NOT NULL, placed_at timestamptz NOT NULL DEFAULT now())",
            "ALTER TABLE public.customers REPLICA IDENTITY FULL",
            "ALTER TABLE public.orders REPLICA IDENTITY FULL",
            "INSERT INTO public.customers (name, email, balance) SELECT 'customer ' || g, 'c' || g || '@example.com', "
                    + "g * 1.25 FROM generate_series(1, 20) g",
            "INSERT INTO public.orders (customer_id, status, amount) SELECT 1 + g % 20, 'new', g * 3.10 "
                    + "FROM generate_series(1, 50) g");

    private final Database postgres;
    private final long pauseMillis;
    private final Random random = new Random();
    final AtomicLong changes = new AtomicLong();
    private volatile boolean running = true;

    DemoWorkload(Database postgres, long pauseMillis) {
        this.postgres = postgres;
        this.pauseMillis = pauseMillis;
    }

    @Override
    public void run() {
        try (Connection c = postgres.connect(Pipeline.DATABASE); Statement s = c.createStatement()) {
            while (running) {
                int pick = random.nextInt(10);
                if (pick < 4) {
                    s.executeUpdate("INSERT INTO public.orders (customer_id, status, amount) VALUES ("
                            + (1 + random.nextInt(20)) + ", 'new', " + random.nextInt(100_000) / 100.0 + ")");
                } else if (pick < 8) {
                    s.executeUpdate("UPDATE public.orders SET status = (ARRAY['paid','shipped','returned'])["
                            + (1 + random.nextInt(3)) + "] WHERE id = (SELECT id FROM public.orders ORDER BY random() "
                            + "LIMIT 1)");
                } else if (pick < 9) {
                    s.executeUpdate("UPDATE public.customers SET balance = balance + 1.01 WHERE id = "
                            + (1 + random.nextInt(20)));
                } else {
                    s.executeUpdate("DELETE FROM public.orders WHERE id = (SELECT min(id) FROM public.orders)");
                }
                changes.incrementAndGet();
                Thread.sleep(pauseMillis); // pacing of a demo load generator, not synchronisation
            }
        } catch (SQLException e) {
            if (running) {
                System.err.println("demo workload stopped: " + e.getMessage());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
    }
}
