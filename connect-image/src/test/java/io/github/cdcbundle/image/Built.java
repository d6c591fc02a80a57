package io.github.cdcbundle.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the build put what these tests check (set by failsafe from the pom). */
final class Built {
    private Built() {
    }

    static Path plugins() {
        return Path.of(System.getProperty("cdc.plugins", "target/plugins"));
    }

    static Path archives() {
        return Path.of(System.getProperty("cdc.archives", "target/archives"));
    }

    static Path startScript() {
        return Path.of(System.getProperty("cdc.start.script", "docker/start-connect.sh"));
    }

    static String version() {
        return System.getProperty("cdc.project.version");
    }

    static String workerClasspath() {
        try {
            return Files.readString(Path.of(System.getProperty("cdc.worker.classpath.file",
                    "target/worker-classpath.txt"))).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
