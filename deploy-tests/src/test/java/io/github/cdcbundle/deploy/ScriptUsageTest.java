package io.github.cdcbundle.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each script's --help names exactly the options it parses, and the docs name only options a script has (a usage
 * line that had lost --chunk and --rate, or a doc naming a switch that does not exist, fails here).
 */
class ScriptUsageTest {

    /** Script -> the files that parse its options: its own case arms, scripts/lib/cli.sh, the Java program it runs. */
    static final Map<String, List<String>> PARSERS = new LinkedHashMap<>();

    static {
        PARSERS.put("scripts/run.sh", List.of("scripts/run.sh"));
        PARSERS.put("scripts/status.sh", List.of("scripts/status.sh"));
        PARSERS.put("scripts/verify-deployment.sh", List.of("scripts/verify-deployment.sh"));
        PARSERS.put("scripts/measure-startup.sh", List.of("scripts/measure-startup.sh"));
        PARSERS.put("scripts/local-pipeline.sh", List.of("scripts/local-pipeline.sh", "scripts/lib/cli.sh",
                "e2e/src/main/java/io/github/cdcbundle/e2e/LocalPipeline.java"));
        PARSERS.put("scripts/lake-tables.sh", List.of("scripts/lake-tables.sh",
                "s3-sink/src/main/java/io/github/cdcbundle/s3sink/lake/LakeTables.java"));
        PARSERS.put("benchmarks/pipeline.sh", List.of("benchmarks/pipeline.sh", "scripts/lib/cli.sh",
                "benchmarks/src/main/java/io/github/cdcbundle/benchmarks/pipeline/PipelineBenchmark.java"));
    }

    private static final Pattern OPTION = Pattern.compile("--[a-z][a-z0-9-]*");
    /** A case arm of a shell option loop: {@code --env-file)}, {@code (-h|--help)}. */
    private static final Pattern CASE_ARM = Pattern.compile("(?m)^\\s*\\(?((?:--?[a-z][a-z0-9-]*\\|?)+)\\)");
    /** LocalPipeline: {@code args[i].equals("--seconds")}. */
    private static final Pattern JAVA_EQUALS = Pattern.compile("equals\\(\"(--[a-z][a-z0-9-]*)\"\\)");
    /** PipelineBenchmark: {@code options.put("changes", "1000000")}, each key an option --key. */
    private static final Pattern JAVA_OPTIONS = Pattern.compile("options\\.put\\(\"([a-z][a-z0-9-]*)\"");
    /** LakeTables: {@code OPTIONS = List.of("bucket", ...)}, each an option --name. */
    private static final Pattern JAVA_OPTION_LIST = Pattern.compile("OPTIONS = List\\.of\\(([^)]*)\\)");

    @Test
    void everyScriptIsListed() throws IOException {
        try (Stream<Path> files = Files.list(Chart.REPO.resolve("scripts"))) {
            assertThat(PARSERS.keySet()).containsAll(
                    files.filter(f -> f.toString().endsWith(".sh")).map(f -> "scripts/" + f.getFileName()).toList());
        }
    }

    @Test
    void helpNamesExactlyTheOptionsEachScriptParses() throws Exception {
        for (Map.Entry<String, List<String>> script : PARSERS.entrySet()) {
            Set<String> parsed = parsed(script.getValue());
            assertThat(parsed).as(script.getKey() + " parses --help").contains("--help");
            parsed.remove("--help");

            Process process = new ProcessBuilder("/bin/bash", Chart.REPO.resolve(script.getKey()).toString(), "--help")
                    .redirectErrorStream(true).start();
            String help = new String(process.getInputStream().readAllBytes());
            assertThat(process.waitFor()).as(script.getKey() + " --help\n" + help).isZero();

            assertThat(helpOptions(help, Path.of(script.getKey()).getFileName().toString()))
                    .as(script.getKey() + " --help:\n" + help).isEqualTo(parsed);
        }
    }

    @Test
    void docsNameOnlyOptionsTheScriptsHave() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(Chart.REPO.resolve("README.md"), Chart.REPO.resolve(".env.example")));
        try (Stream<Path> files = Files.list(Chart.REPO.resolve("docs"))) {
            files.filter(f -> f.toString().endsWith(".md")).forEach(docs::add);
        }
        try (Stream<Path> modules = Files.list(Chart.REPO)) {
            modules.map(m -> m.resolve("README.md")).filter(Files::isRegularFile).forEach(docs::add);
        }
        int mentions = 0;
        for (Path doc : docs) {
            // A command continued on the next line (a trailing backslash) is one command.
            String text = Files.readString(doc).replaceAll("\\\\\\n\\s*", " ");
            for (Map.Entry<String, List<String>> script : PARSERS.entrySet()) {
                Set<String> parsed = parsed(script.getValue());
                Matcher mention = Pattern.compile(Pattern.quote(script.getKey()) + "([^`\\n]*)").matcher(text);
                while (mention.find()) {
                    Matcher option = OPTION.matcher(mention.group(1));
                    while (option.find()) {
                        mentions++;
                        assertThat(parsed).as(Chart.REPO.relativize(doc) + " names " + script.getKey() + " " + option.group())
                                .contains(option.group());
                    }
                }
            }
        }
        assertThat(mentions).as("options named after a script in the docs").isGreaterThan(10);
    }

    static Set<String> parsed(List<String> files) throws IOException {
        Set<String> options = new TreeSet<>();
        for (String file : files) {
            String source = Files.readString(Chart.REPO.resolve(file));
            if (file.endsWith(".java")) {
                JAVA_EQUALS.matcher(source).results().forEach(m -> options.add(m.group(1)));
                JAVA_OPTIONS.matcher(source).results().forEach(m -> options.add("--" + m.group(1)));
                JAVA_OPTION_LIST.matcher(source).results().forEach(m -> Pattern.compile("\"([a-z][a-z0-9-]*)\"")
                        .matcher(m.group(1)).results().forEach(name -> options.add("--" + name.group(1))));
            } else {
                CASE_ARM.matcher(source).results().forEach(m -> {
                    for (String pattern : m.group(1).split("\\|")) {
                        if (pattern.startsWith("--")) {
                            options.add(pattern);
                        }
                    }
                });
            }
        }
        return options;
    }

    /**
     * The options a help text offers: every --option at the start of a line, after the script's own name or after
     * anything but a word (so "helm upgrade --install", describing what the script runs, is not one).
     */
    static Set<String> helpOptions(String help, String scriptName) {
        Set<String> options = new TreeSet<>();
        Matcher option = OPTION.matcher(help);
        while (option.find()) {
            String raw = help.substring(0, option.start());
            boolean lineStart = raw.substring(raw.lastIndexOf('\n') + 1).isBlank();
            String before = raw.stripTrailing();
            boolean afterWord = !before.isEmpty() && Character.isLetterOrDigit(before.charAt(before.length() - 1))
                    && !before.endsWith(scriptName);
            if (lineStart || !afterWord) {
                options.add(option.group());
            }
        }
        return options;
    }
}
