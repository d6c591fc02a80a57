package io.github.cdcbundle.benchmarks.pipeline;

import io.github.cdcbundle.testkit.Database;
import io.github.cdcbundle.testkit.Postgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The physical limit of one slot: PostgreSQL's own {@code pg_recvlogical} reading a slot with {@code pgoutput} and
 * the pipeline's publication into /dev/null, up to a given LSN. It logs in as the CDC user (it has REPLICATION), the
 * password passed in the child's environment, never on its command line.
 */
final class RawDecoding {
    /** Wall time, and CPU of pg_recvlogical and of the walsender that decoded for it (last sample before exit). */
    record Result(double seconds, double clientCpuSeconds, double walsenderCpuSeconds) {
    }

    private RawDecoding() {
    }

    /** Creates the slot now, so that it starts where the pipeline's slot starts (before the load). */
    static void createSlot(Database db, String database, String slot) {
        try (Connection c = db.connect(database); PreparedStatement s = c.prepareStatement(
                "SELECT pg_create_logical_replication_slot(?, 'pgoutput')")) {
            s.setString(1, slot);
            s.execute();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create slot " + slot + ": " + e.getMessage(), e);
        }
    }

    static Result decode(Database db, String database, String slot, String publication, String endLsn,
            Duration timeout) {
        Path binary = Postgres.findBinaries().resolve("pg_recvlogical");
        ProcessBuilder builder = new ProcessBuilder(binary.toString(), "-h", db.host(), "-p",
                Integer.toString(db.port()), "-U", db.cdcUser(), "-d", database, "--start", "-S", slot,
                "-o", "proto_version=1", "-o", "publication_names=" + publication, "--endpos=" + endLsn,
                "--no-loop", "-f", "/dev/null").redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", db.cdcPassword());
        try {
            long start = System.nanoTime();
            Process process = builder.start();
            long deadline = start + timeout.toNanos();
            double clientCpu = 0;
            double walsenderCpu = 0;
            // Sample the CPU of both ends while it runs: neither can be asked after it exits.
            while (!process.waitFor(200, TimeUnit.MILLISECONDS)) {
                clientCpu = process.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(clientCpu);
                walsenderCpu = Math.max(walsenderCpu, ProcCpu.seconds(activePid(db, database, slot)));
                if (System.nanoTime() > deadline) {
                    process.destroy();
                    throw new IllegalStateException("pg_recvlogical did not reach " + endLsn + " within "
                            + timeout.toSeconds() + " s");
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("pg_recvlogical exited with " + process.exitValue() + ": " + out);
            }
            return new Result(seconds, clientCpu, walsenderCpu);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + binary, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static int activePid(Database db, String database, String slot) {
        try (Connection c = db.connect(database); PreparedStatement s = c.prepareStatement(
                "SELECT active_pid FROM pg_replication_slots WHERE slot_name = ?")) {
            s.setString(1, slot);
            ResultSet rs = s.executeQuery();
            return rs.next() ? rs.getInt(1) : 0;
        } catch (SQLException e) {
            return 0;
        }
    }

    static String currentLsn(Database db, String database) {
        try (Connection c = db.connect(database);
                ResultSet rs = c.createStatement().executeQuery("SELECT pg_current_wal_lsn()::text")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the WAL position: " + e.getMessage(), e);
        }
    }

    /** CPU seconds of a process from /proc (Linux); 0 when it is gone or unreadable. */
    static final class ProcCpu {
        private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on every Linux we run on

        private ProcCpu() {
        }

        static double seconds(int pid) {
            if (pid <= 0) {
                return 0;
            }
            try {
                String stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
                // fields after the command name, which is in parentheses and may contain spaces
                List<String> f = List.of(stat.substring(stat.lastIndexOf(')') + 2).split(" "));
                return (Long.parseLong(f.get(11)) + Long.parseLong(f.get(12))) / TICKS_PER_SECOND;
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }
    }
}
