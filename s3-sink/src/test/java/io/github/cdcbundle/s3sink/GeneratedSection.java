package io.github.cdcbundle.s3sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A generated part of a document between two markers: the test fails when the document's text differs from what the
 * code generates, and -Ds3sink.updateReadme=true rewrites it.
 */
public final class GeneratedSection {
    private GeneratedSection() {
    }

    public static void assertCurrent(Path doc, String begin, String end, String expected, String what)
            throws IOException {
        String text = Files.readString(doc, StandardCharsets.UTF_8);
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        assertThat(from).as(doc.getFileName() + " has the " + what + " markers").isGreaterThanOrEqualTo(0);
        assertThat(to).isGreaterThan(from);
        String current = text.substring(from + begin.length(), to);
        if (Boolean.getBoolean("s3sink.updateReadme") && !current.equals(expected)) {
            Files.writeString(doc, text.substring(0, from + begin.length()) + expected + text.substring(to),
                StandardCharsets.UTF_8);
            current = expected;
        }
        assertThat(current).as(doc.getFileName() + " " + what + " is stale: run with -Ds3sink.updateReadme=true")
            .isEqualTo(expected);
    }
}
