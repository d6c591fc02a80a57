package io.github.cdcbundle.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SQL block of step 2 ("User") of docs/rds-setup.md, run as it is written: the tests' CDC user is made by the very
 * statements users copy, so a grant the docs forget makes the end-to-end tests fail instead of a user's connector.
 *
 * <p>Only two things are filled in: the password placeholder {@code '...'} (as an SQL string literal) and the
 * example database name {@code shop} of {@code ON DATABASE shop}. One RDS statement has no PostgreSQL equivalent by
 * name and is replaced: {@code GRANT rds_replication TO cdc_user}. On RDS that role is how a non-superuser gets the
 * right to open a replication connection and create a slot; on plain PostgreSQL the same right is the role's
 * REPLICATION attribute, so the test runs {@code ALTER ROLE cdc_user WITH REPLICATION} in its place. Every other
 * statement runs unchanged, and one that cannot run here fails the setup: nothing is skipped.
 */
public final class RdsSetupSql {
    /** Where the docs are; the poms set it, else {@code cdc.root}, else the nearest docs/ above the working folder. */
    public static final String PROPERTY = "cdc.docs.rds.setup";
    public static final String CDC_USER = "cdc_user";
    /**
     * Needs quoting everywhere it travels: SQL literal (single quote), .env (double quote, {@code #}, {@code =},
     * backslash, space), shells and config placeholders ({@code $}).
     */
    public static final String CDC_PASSWORD = "c'd\"c $ecret#1=\\ x";

    static final String PASSWORD_PLACEHOLDER = "'...'";
    private static final Pattern STEP = Pattern.compile("(?m)^\\d+\\.\\s+\\*\\*([^*]+)\\*\\*");
    private static final Pattern RDS_REPLICATION =
            Pattern.compile("(?i)GRANT\\s+rds_replication\\s+TO\\s+(\\w+)");
    private static final Pattern DATABASE = Pattern.compile("(?i)(\\bON\\s+DATABASE\\s+)shop\\b");
    private static final Pattern CREATES_TABLE = Pattern.compile("(?i)^CREATE\\s+TABLE\\s+([\\w.]+)");
    private static final Pattern CREATES_USER = Pattern.compile("(?i)\\bCREATE\\s+(?:USER|ROLE)\\s+" + CDC_USER + "\\b");

    private final Path docs;
    private final List<String> statements;

    private RdsSetupSql(Path docs, List<String> statements) {
        this.docs = docs;
        this.statements = statements;
    }

    public static RdsSetupSql fromDocs() {
        return parse(locate());
    }

    /** The statements of the block, as the docs write them (placeholders unfilled, comments removed). */
    public List<String> statements() {
        return statements;
    }

    /**
     * The table the block creates, if any: the signal table of the connector's {@code signal.data.collection}, which
     * the publication must list too (Debezium counts it among the captured tables).
     */
    public Optional<String> signalTable() {
        return statements.stream().map(CREATES_TABLE::matcher).filter(Matcher::find).map(m -> m.group(1)).findFirst();
    }

    /** Another page of the docs, beside rds-setup.md (for tests that hold a page to what they run). */
    public static Path docsPage(String name) {
        return locate().resolveSibling(name);
    }

    static Path locate() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String root = System.getProperty("cdc.root");
        if (root != null && Files.isRegularFile(Path.of(root, "docs", "rds-setup.md"))) {
            return Path.of(root, "docs", "rds-setup.md");
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("docs").resolve("rds-setup.md");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("docs/rds-setup.md not found above " + Path.of("").toAbsolutePath()
                + ": set -D" + PROPERTY + "=<path>");
    }

    static RdsSetupSql parse(Path docs) {
        String text;
        try {
            text = Files.readString(docs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + docs + " (-D" + PROPERTY + ")", e);
        }
        Matcher step = STEP.matcher(text);
        int start = -1;
        int end = text.length();
        while (step.find()) {
            if (start >= 0) {
                end = step.start();
                break;
            }
            if (step.group(1).strip().equals("User")) {
                start = step.end();
            }
        }
        if (start < 0) {
            throw new IllegalStateException(docs + ": no step \"**User**\"");
        }
        String section = text.substring(start, end);
        int open = section.indexOf("```sql");
        int close = open < 0 ? -1 : section.indexOf("```", open + 6);
        if (open < 0 || close < 0) {
            throw new IllegalStateException(docs + ": step \"User\" has no ```sql block");
        }
        StringBuilder sql = new StringBuilder();
        for (String line : section.substring(open + 6, close).split("\n")) {
            int comment = line.indexOf("--");
            sql.append(comment < 0 ? line : line.substring(0, comment)).append('\n');
        }
        List<String> statements = new ArrayList<>();
        for (String statement : sql.toString().split(";")) {
            String normalized = statement.strip().replaceAll("\\s+", " ");
            if (!normalized.isEmpty()) {
                statements.add(normalized);
            }
        }
        long placeholders = statements.stream().filter(s -> s.contains(PASSWORD_PLACEHOLDER)).count();
        if (placeholders != 1 || statements.stream().noneMatch(s -> CREATES_USER.matcher(s).find())) {
            throw new IllegalStateException(docs + ": step \"User\" must create " + CDC_USER + " with the password "
                    + "placeholder " + PASSWORD_PLACEHOLDER + " exactly once");
        }
        if (statements.stream().noneMatch(s -> DATABASE.matcher(s).find())) {
            throw new IllegalStateException(docs + ": step \"User\" must grant CONNECT ON DATABASE shop");
        }
        return new RdsSetupSql(docs, List.copyOf(statements));
    }

    /** Runs the block as {@code db}'s administrator, connected to {@code database}; returns the docs' statements. */
    public List<String> run(Database db, String database) {
        try (Connection connection = db.connect(database); Statement statement = connection.createStatement()) {
            // the literal below doubles single quotes and leaves backslashes alone: only right with this on
            statement.execute("SET standard_conforming_strings = on");
            for (int i = 0; i < statements.size(); i++) {
                String written = statements.get(i);
                boolean secret = written.contains(PASSWORD_PLACEHOLDER);
                try {
                    statement.execute(runnable(written, db.cdcPassword(), database));
                } catch (SQLException e) {
                    // The server's message may quote the statement around the error: never for the password's.
                    String why = secret ? "SQLSTATE " + e.getSQLState() : e.getMessage();
                    IllegalStateException failure = new IllegalStateException(docs + " step \"User\", statement "
                            + (i + 1) + " (" + written + ") failed as " + db.user() + " on " + database + ": " + why);
                    if (!secret) {
                        failure.initCause(e);
                    }
                    throw failure;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to " + database + " as " + db.user() + ": "
                    + e.getMessage(), e);
        }
        return statements;
    }

    static String runnable(String written, String password, String database) {
        Matcher replication = RDS_REPLICATION.matcher(written);
        if (replication.matches()) {
            return "ALTER ROLE " + replication.group(1) + " WITH REPLICATION";
        }
        // the database first, so that nothing in the password can look like the database clause
        String sql = DATABASE.matcher(written)
                .replaceAll(m -> Matcher.quoteReplacement(m.group(1) + identifier(database)));
        return sql.replace(PASSWORD_PLACEHOLDER, literal(password));
    }

    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
