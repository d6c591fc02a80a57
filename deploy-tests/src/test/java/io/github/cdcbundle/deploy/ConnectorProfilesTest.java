package io.github.cdcbundle.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * connectors/profiles/*.json against what connectors/README.md says of them: every profile is in its table, and a
 * profile only names connectors that are shipped (a typo in a connector name would make the profile change nothing).
 */
class ConnectorProfilesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CONNECTORS = Chart.REPO.resolve("connectors");

    @Test
    void everyProfileIsInTheReadmesTableAndNoOtherIs() throws IOException {
        Set<String> files = new TreeSet<>();
        try (var list = Files.list(CONNECTORS.resolve("profiles"))) {
            list.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json")).forEach(files::add);
        }
        Set<String> documented = new TreeSet<>();
        String readme = Files.readString(CONNECTORS.resolve("README.md"));
        int section = readme.indexOf("\n## Profiles\n");
        assertThat(section).as("connectors/README.md has a Profiles section").isNotNegative();
        int end = readme.indexOf("\n## ", section + 1);
        Matcher row = Pattern.compile("(?m)^\\| `([a-z0-9-]+\\.json)` \\|")
                .matcher(readme.substring(section, end < 0 ? readme.length() : end));
        while (row.find()) {
            documented.add(row.group(1));
        }
        assertThat(documented).as("profiles in connectors/README.md's table").isEqualTo(files).isNotEmpty();
    }

    @Test
    void aProfileNamesOnlyShippedConnectorsAndSaysWhatItIsFor() throws IOException {
        Set<String> shipped = new TreeSet<>();
        try (var list = Files.list(CONNECTORS)) {
            for (Path f : list.filter(p -> p.toString().endsWith(".json")).toList()) {
                shipped.add(JSON.readTree(f.toFile()).get("name").asString());
            }
        }
        List<String> wrong = new ArrayList<>();
        try (var list = Files.list(CONNECTORS.resolve("profiles"))) {
            for (Path f : list.filter(p -> p.toString().endsWith(".json")).toList()) {
                JsonNode profile = JSON.readTree(f.toFile());
                if (profile.path("description").asString("").isBlank()) {
                    wrong.add(f.getFileName() + ": no description");
                }
                if (!profile.path("connectors").isObject() || profile.path("connectors").isEmpty()) {
                    wrong.add(f.getFileName() + ": no connectors object with settings");
                }
                for (String connector : profile.path("connectors").propertyNames()) {
                    if (!shipped.contains(connector)) {
                        wrong.add(f.getFileName() + ": " + connector + " is not a shipped connector " + shipped);
                    }
                    if (profile.path("connectors").path(connector).isEmpty()) {
                        wrong.add(f.getFileName() + ": " + connector + " has no settings");
                    }
                }
            }
        }
        assertThat(wrong).isEmpty();
    }
}
