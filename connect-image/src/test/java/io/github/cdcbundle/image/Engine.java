package io.github.cdcbundle.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The container engine (podman, or docker where a Docker engine answers), chosen and made ready by
 * base/container-engine.sh so that a user and the tests go through the same steps. Command lines carry no secrets
 * (those travel in an env file), so they may appear in failure messages.
 */
final class Engine {
    private final String name;
    private final Path logs;

    private Engine(String name, Path logs) {
        this.name = name;
        this.logs = logs;
    }

    /** Runs container-engine.sh; its one-line reason becomes the test failure when no engine can be had. */
    static Engine ready(Path scripts, Path logs) {
        Result result = run(List.of("bash", scripts.resolve("container-engine.sh").toString()), Map.of(), 900,
                logs.resolve("container-engine.log"));
        if (result.exit() != 0) {
            throw new AssertionError("no container engine to build and run the image: " + result.lastLine());
        }
        return new Engine(result.stdout().strip(), logs);
    }

    String name() {
        return name;
    }

    /**
     * Options for a tmpfs standing in for an emptyDir: writable by the container's user (Kubernetes gives it the pod's
     * fsGroup) and not noexec (JNI libraries unpack into /tmp). podman 4.3 ignores mode= on a tmpfs over an image
     * folder, so it gets podman's U (owned by the container's user); docker takes mode=.
     */
    String emptyDirTmpfsOptions() {
        return "rw,exec,nosuid,nodev," + ("podman".equals(name) ? "U" : "mode=1777");
    }

    /** Runs {@code <engine> args...}, failing with the command and the tail of its output if it does not exit 0. */
    Result check(long timeoutSeconds, String... args) {
        List<String> command = new ArrayList<>();
        command.add(name);
        command.addAll(List.of(args));
        Result result = run(command, Map.of(), timeoutSeconds, logs.resolve(name + "-" + args[0] + ".log"));
        if (result.exit() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited with " + result.exit() + ":\n"
                    + result.tail(30));
        }
        return result;
    }

    /** Runs a script with ENGINE set to this engine. */
    Result script(Path script, long timeoutSeconds) {
        Result result = run(List.of("bash", script.toString()), Map.of("ENGINE", name), timeoutSeconds,
                logs.resolve(script.getFileName() + ".log"));
        if (result.exit() != 0) {
            throw new AssertionError(script.getFileName() + " failed: " + result.lastLine());
        }
        return result;
    }

    /** Starts {@code <engine> args...} in the foreground (the container's output goes to {@code log}). */
    Process start(Path log, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(name);
        command.addAll(args);
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** Output and exit code of a finished command (stdout alone, and stdout with stderr from the log file). */
    record Result(int exit, String stdout, String output) {
        String lastLine() {
            List<String> lines = output.strip().lines().toList();
            return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1);
        }

        String tail(int count) {
            List<String> lines = output.lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
        }
    }

    private static Result run(List<String> command, Map<String, String> env, long timeoutSeconds, Path log) {
        try {
            // Both streams to files, so a chatty build cannot block on a full pipe and the deadline always holds.
            Path stdout = Files.createTempFile(log.getParent(), "stdout", ".log");
            Path stderr = Files.createTempFile(log.getParent(), "stderr", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
            }
            String out = Files.readString(stdout);
            String all = out + Files.readString(stderr);
            Files.writeString(log, all);
            Files.delete(stdout);
            Files.delete(stderr);
            return new Result(process.exitValue(), out, all);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
