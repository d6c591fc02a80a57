package io.github.cdcbundle.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server from this machine's binaries, with logical replication on, in a temporary folder on a free
 * port. The server refuses to run as root, so when the JVM is root it runs as the {@code postgres} user (created by
 * Debian's server package) through {@code runuser}.
 *
 * <p>As strict as RDS about logging in: scram-sha-256 password authentication over TCP and on the Unix socket (no
 * trust anywhere), the superuser's password random per server. The superuser only sets things up; the connectors log
 * in as the least-privilege user of docs/rds-setup.md ({@link Database#createCdcUser}).
 */
public final class Postgres implements Database {
    public static final String USER = "postgres";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PASSWORD_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private final Path bin;
    private final Path root;
    private final Path data;
    private final int port;
    private final boolean asOtherUser;
    private final String password = randomPassword();
    private boolean running;

    private Postgres(Path bin, Path root, int port, boolean asOtherUser) {
        this.bin = bin;
        this.root = root;
        this.data = root.resolve("data");
        this.port = port;
        this.asOtherUser = asOtherUser;
    }

    /** initdb + start; the returned server accepts connections. */
    public static Postgres start() {
        Path bin = findBinaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files2.tempDir("cdc-pg-");
        Postgres pg = new Postgres(bin, dir, Ports.free(), root);
        try {
            pg.initAndStart();
            return pg;
        } catch (RuntimeException e) {
            pg.close();
            throw e;
        }
    }

    /** {@code pg_config --bindir} when it holds the server, else the newest {@code /usr/lib/postgresql/N/bin}. */
    public static Path findBinaries() {
        String configured = System.getenv("PG_BINDIR");
        if (configured != null && Files.isExecutable(Path.of(configured, "initdb"))) {
            return Path.of(configured);
        }
        try {
            Process process = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0
                    && Files.isExecutable(Path.of(out, "initdb"))) {
                return Path.of(out);
            }
        } catch (IOException e) {
            // no pg_config on the PATH: look in Debian's layout
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Path base = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(base)) {
            try (Stream<Path> versions = Files.list(base)) {
                return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .max(Comparator.comparing(b -> versionOf(b.getParent().getFileName().toString())))
                        .orElseThrow(Postgres::noServer);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw noServer();
    }

    private static Integer versionOf(String name) {
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static IllegalStateException noServer() {
        return new IllegalStateException("No PostgreSQL server binaries found: install postgresql (Debian: "
                + "apt-get install postgresql-15) or set PG_BINDIR to the folder holding initdb and pg_ctl");
    }

    private static String randomPassword() {
        StringBuilder out = new StringBuilder(24);
        for (int i = 0; i < 24; i++) {
            out.append(PASSWORD_CHARS.charAt(RANDOM.nextInt(PASSWORD_CHARS.length())));
        }
        return out.toString();
    }

    private void initAndStart() {
        Path pwfile = root.resolve("superuser.pw");
        try {
            Files.createDirectories(data);
            // initdb reads the superuser's password from a file, so that it never appears on a command line
            Files.writeString(pwfile, password + "\n");
            Files.setPosixFilePermissions(pwfile, PosixFilePermissions.fromString("rw-------"));
            if (asOtherUser) {
                UserPrincipalLookupService users = root.getFileSystem().getUserPrincipalLookupService();
                UserPrincipal postgres = users.lookupPrincipalByName(USER);
                Files.setOwner(root, postgres);
                Files.setOwner(data, postgres);
                Files.setOwner(pwfile, postgres);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + data + " (is there a '" + USER + "' user?)", e);
        }
        try {
            run(Step.INIT, bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER,
                    "--auth-host=scram-sha-256", "--auth-local=scram-sha-256", "--pwfile=" + pwfile,
                    "-E", "UTF8", "--locale=C", "--no-sync");
        } finally {
            Files2.deleteRecursively(pwfile);
        }
        run(Step.START, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                root.resolve("server.log").toString(), "-w", "-t", "60", "-o", serverOptions(), "start");
        running = true;
    }

    /**
     * Production-like except for two settings that only matter when the operating system (not the server process)
     * dies: {@code fsync=off} and {@code full_page_writes=off}. A commit is still acknowledged only after its WAL is
     * written to the kernel ({@code synchronous_commit} stays on), and the kernel's page cache outlives a killed
     * server, so {@link #restartImmediate()} (a process crash) loses no acknowledged commit. No test simulates an OS
     * crash or a power cut, where these two would lose data; they save seconds of disk flushes on a shared machine.
     */
    private String serverOptions() {
        return String.join(" ", "-p", Integer.toString(port), "-c", "listen_addresses=127.0.0.1",
                "-c", "unix_socket_directories=" + root, "-c", "wal_level=logical", "-c", "max_wal_senders=20",
                "-c", "max_replication_slots=20", "-c", "password_encryption=scram-sha-256",
                "-c", "fsync=off", "-c", "full_page_writes=off", "-c", "max_connections=100");
    }

    /**
     * Crashes the server ({@code pg_ctl restart -m immediate}: no checkpoint, crash recovery on start) and starts it
     * again on the same data folder and port; returns once it accepts connections. For fault tests.
     */
    public void restartImmediate() {
        if (!running) {
            throw new IllegalStateException("PostgreSQL on port " + port + " is not running");
        }
        run(Step.RESTART, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                root.resolve("server.log").toString(), "-m", "immediate", "-w", "-t", "60", "-o", serverOptions(),
                "restart");
        Poll.untilTrue("PostgreSQL on port " + port + " accepting connections after an immediate restart",
                Duration.ofSeconds(60), () -> {
                    try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
                        return s.execute("SELECT 1");
                    } catch (SQLException e) {
                        throw new IllegalStateException("not accepting connections yet: " + e.getSQLState(), e);
                    }
                });
    }

    /** The folder of the Unix socket (for tests that check the socket's authentication too). */
    Path socketDirectory() {
        return root;
    }

    Path binaries() {
        return bin;
    }

    private enum Step { INIT, START, RESTART, STOP }

    private void run(Step step, String... command) {
        List<String> full = new ArrayList<>();
        if (asOtherUser) {
            full.addAll(List.of("runuser", "-u", USER, "--"));
        }
        full.addAll(Arrays.asList(command));
        try {
            Path log = Files.createTempFile("cdc-pg-" + step.name().toLowerCase(), ".log");
            Process process = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile())
                    .directory(root.toFile()).start();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("PostgreSQL " + step + " timed out: " + String.join(" ", full));
            }
            String output = Files.readString(log);
            Files.deleteIfExists(log);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("PostgreSQL " + step + " failed (exit " + process.exitValue() + "): "
                        + String.join(" ", full) + "\n" + output + serverLog());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + full, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private String serverLog() {
        try {
            Path log = root.resolve("server.log");
            return Files.exists(log) ? "\nserver.log:\n" + Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String user() {
        return USER;
    }

    @Override
    public String password() {
        return password;
    }

    @Override
    public void close() {
        if (running) {
            running = false;
            try {
                run(Step.STOP, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate",
                        "-w", "stop");
            } catch (RuntimeException e) {
                // fall through to deleting the folder; a leftover server dies with its data folder
            }
        }
        Files2.deleteRecursively(root);
    }
}
