package io.github.cdcbundle.deploy;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds shellcheck: the one on PATH, else Debian's package fetched with {@code apt-get download} (no root needed;
 * on a machine without package lists, after an {@code apt-get update} into private lists under target/) and
 * unpacked with {@code dpkg-deb -x} into {@code target/shellcheck}. Fails with install instructions otherwise.
 */
final class Shellcheck {

    private static final Path HOME = Path.of("target", "shellcheck").toAbsolutePath();
    private static final Path UNPACKED = HOME.resolve("root/usr/bin/shellcheck");

    private Shellcheck() {}

    static synchronized String executable() throws IOException, InterruptedException {
        if (run(HOME.getParent(), "/bin/sh", "-c", "command -v shellcheck").exit() == 0) {
            return "shellcheck";
        }
        if (Files.isExecutable(UNPACKED) && works(UNPACKED)) {
            return UNPACKED.toString();
        }
        Files.createDirectories(HOME);
        Result download = run(HOME, "apt-get", "-q", "download", "shellcheck");
        Path deb = debIn(HOME);
        if (deb == null) {
            // No package lists on this machine (a fresh one, before any apt-get update): fetch them into target/ too.
            // Private lists, cache and no locking: no root needed, and the system's apt state is left as it was.
            Path apt = HOME.resolve("apt");
            Files.createDirectories(apt.resolve("lists/partial"));
            Files.createDirectories(apt.resolve("cache/archives/partial"));
            List<String> options = List.of("-o", "Dir::State::Lists=" + apt.resolve("lists"),
                    "-o", "Dir::Cache=" + apt.resolve("cache"), "-o", "Debug::NoLocking=1");
            Result update = run(HOME, concat(List.of("apt-get", "-q"), options, List.of("update")));
            download = run(HOME, concat(List.of("apt-get", "-q"), options, List.of("download", "shellcheck")));
            download = new Result(download.exit(), update.output() + download.output());
            deb = debIn(HOME);
        }
        if (deb == null) {
            return fail("shellcheck is not on PATH and `apt-get download shellcheck` did not fetch it (exit "
                    + download.exit() + "):\n" + download.output()
                    + "\nInstall it: `apt-get install shellcheck` (Debian/Ubuntu) or `brew install shellcheck` (macOS).");
        }
        Result unpack = run(HOME, "dpkg-deb", "-x", deb.toString(), HOME.resolve("root").toString());
        if (unpack.exit() != 0 || !works(UNPACKED)) {
            return fail("could not unpack " + deb + " (exit " + unpack.exit() + "):\n" + unpack.output()
                    + "\nInstall shellcheck with your package manager.");
        }
        return UNPACKED.toString();
    }

    private static Path debIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches("shellcheck_.*\\.deb")).findFirst().orElse(null);
        }
    }

    @SafeVarargs
    private static String[] concat(List<String>... parts) {
        return Stream.of(parts).flatMap(List::stream).toArray(String[]::new);
    }

    private static boolean works(Path binary) throws IOException, InterruptedException {
        return run(HOME.getParent(), binary.toString(), "--version").exit() == 0;
    }

    private record Result(int exit, String output) {}

    private static Result run(Path dir, String... command) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        try {
            Process process = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            return new Result(process.waitFor(), output);
        } catch (IOException notFound) {
            return new Result(127, String.valueOf(notFound.getMessage()));
        }
    }
}
