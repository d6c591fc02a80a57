package io.github.cdcbundle.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** README.md and docs/testing.md state the same measured duration of `mvn -B verify` (they once disagreed). */
class SuiteDurationDocsTest {

    /** "590–700 s" and "about 10 to 12 minutes": the seconds measured and the minutes they round to. */
    private static final Pattern SECONDS = Pattern.compile("(\\d+)–(\\d+) s\\b");
    private static final Pattern MINUTES = Pattern.compile("[Aa]bout\\s+(\\d+)\\s+to\\s+(\\d+)\\s+minutes");

    @Test
    void readmeAndTestingDocGiveTheSameSuiteDuration() throws IOException {
        List<String> readme = durations(Files.readString(Chart.REPO.resolve("README.md")));
        List<String> testing = durations(Files.readString(Chart.REPO.resolve("docs/testing.md")));
        assertThat(readme).isEqualTo(testing);
    }

    /** The seconds range and the minutes range of the one sentence about the whole suite's duration. */
    private static List<String> durations(String doc) {
        int at = doc.indexOf("clean clone");
        assertThat(at).as("the suite's duration on a clean clone is stated").isPositive();
        String around = doc.substring(Math.max(0, at - 400), Math.min(doc.length(), at + 300));
        Matcher seconds = SECONDS.matcher(around);
        Matcher minutes = MINUTES.matcher(around);
        assertThat(seconds.find()).as("measured seconds near 'clean clone':\n" + around).isTrue();
        assertThat(minutes.find()).as("minutes near 'clean clone':\n" + around).isTrue();
        long low = Long.parseLong(seconds.group(1));
        long high = Long.parseLong(seconds.group(2));
        // The minutes must be the seconds rounded: 590–700 s is about 10 to 12 minutes.
        assertThat(Long.parseLong(minutes.group(1))).isEqualTo(Math.round(low / 60.0));
        assertThat(Long.parseLong(minutes.group(2))).isEqualTo(Math.round(high / 60.0));
        return List.of(seconds.group(), minutes.group(1) + "-" + minutes.group(2));
    }
}
