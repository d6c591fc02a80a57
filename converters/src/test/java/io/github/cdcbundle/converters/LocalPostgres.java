package io.github.cdcbundle.converters;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server from the local binaries (/usr/lib/postgresql/N/bin), in a temporary folder, on a free
 * port. The server refuses to run as root, so as root it runs as the 'postgres' user, which needs every parent folder
 * traversable and the data folder its own.
 */
final class LocalPostgres implements AutoCloseable {
    private final Path bin;
    private final Path base;
    private final Path data;
    private final boolean asPostgresUser;
    final int port;

    private LocalPostgres(Path bin) throws IOException, InterruptedException {
        this.bin = bin;
        this.asPostgresUser = "root".equals(System.getProperty("user.name"));
        this.base = Files.createTempDirectory("converters-pg");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        this.data = base.resolve("data");
        Files.createDirectory(data);
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        if (asPostgresUser) {
            run(List.of("chown", "postgres", data.toString(), base.toString()));
        }
        run(asServerUser(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres",
                "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync")));
        run(asServerUser(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                base.resolve("server.log").toString(), "-w", "-t", "60", "-o",
                "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + base
                        + " -c fsync=off -c TimeZone=UTC", "start")));
    }

    /** The server, or null where no PostgreSQL binaries are installed. */
    static LocalPostgres startIfInstalled() throws IOException, InterruptedException {
        Path bin = findBin();
        return bin == null ? null : new LocalPostgres(bin);
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            run(asServerUser(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate",
                    "-w", "stop")));
        } finally {
            try (Stream<Path> paths = Files.walk(base)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    private static Path findBin() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparing(Path::toString)).orElse(null);
        }
    }

    private List<String> asServerUser(List<String> command) {
        if (!asPostgresUser) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    private void run(List<String> command) throws IOException, InterruptedException {
        Path log = base.resolve("command.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("Timed out: " + command.get(asPostgresUser ? 4 : 0));
        }
        if (process.exitValue() != 0) {
            throw new IOException("Failed (" + process.exitValue() + "): " + String.join(" ", command) + "\n"
                    + Files.readString(log));
        }
    }
}
