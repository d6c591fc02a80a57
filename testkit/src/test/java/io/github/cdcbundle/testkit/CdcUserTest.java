package io.github.cdcbundle.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The test PostgreSQL is as strict as RDS about logging in, and its CDC user is exactly what step 2 of
 * docs/rds-setup.md makes: no superuser, REPLICATION (RDS: rds_replication), reads the tables, logs in only with its
 * password. Guards against the tests passing only because they ran as the superuser over trust authentication.
 */
class CdcUserTest {
    private static final String DB = "shop";
    private static Postgres pg;
    private static List<String> ran;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        pg = Postgres.start();
        pg.createDatabase(DB);
        pg.execute(DB, "CREATE TABLE public.orders (id int PRIMARY KEY, status text)",
                "INSERT INTO public.orders VALUES (1, 'new')");
        ran = pg.createCdcUser(DB);
        // after the docs' block: only ALTER DEFAULT PRIVILEGES lets the CDC user read this one
        pg.execute(DB, "CREATE TABLE public.customers (id int PRIMARY KEY, name text)",
                "INSERT INTO public.customers VALUES (1, 'Ann')");
    }

    @AfterAll
    static void stop() {
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void theDocsBlockIsWhatRan() throws IOException {
        String docs = Files.readString(RdsSetupSql.locate());
        assertThat(ran).isEqualTo(RdsSetupSql.fromDocs().statements()).hasSizeGreaterThanOrEqualTo(5)
                .contains("CREATE USER cdc_user WITH PASSWORD '...'", "GRANT rds_replication TO cdc_user");
        for (String statement : ran) {
            assertThat(docs.replaceAll("\\s+", " ")).as("docs hold " + statement).contains(statement);
        }
    }

    @Test
    void theCdcUserIsNoSuperuserButMayReplicate() throws SQLException {
        Map<String, Object> role = row("SELECT rolsuper, rolreplication, rolcreatedb, rolcreaterole, rolcanlogin "
                + "FROM pg_roles WHERE rolname = 'cdc_user'");
        assertThat(role).containsExactlyInAnyOrderEntriesOf(Map.of("rolsuper", false, "rolreplication", true,
                "rolcreatedb", false, "rolcreaterole", false, "rolcanlogin", true));
        assertThat(row("SELECT rolpassword LIKE 'SCRAM-SHA-256$%' AS scram FROM pg_authid WHERE rolname = 'cdc_user'"))
                .containsEntry("scram", true);
    }

    @Test
    void theCdcUserReadsTablesOldAndNewAndMayEmitTheHeartbeat() throws SQLException {
        try (Connection c = pg.connectAsCdcUser(DB); Statement s = c.createStatement()) {
            assertThat(count(s, "SELECT count(*) FROM public.orders")).isEqualTo(1);
            assertThat(count(s, "SELECT count(*) FROM public.customers")).isEqualTo(1);
            s.execute("SELECT pg_logical_emit_message(false, 'cdc_heartbeat', '')");
            assertThatThrownBy(() -> s.execute("INSERT INTO public.orders VALUES (2, 'x')"))
                    .hasMessageContaining("permission denied for table orders");
            // docs step 3: a user that owns no table cannot make or change the publication (it lacks CREATE on the
            // database even before table ownership is checked)
            assertThatThrownBy(() -> s.execute("CREATE PUBLICATION mine FOR TABLE public.orders"))
                    .hasMessageContaining("permission denied for database shop");
        }
        pg.createPublication(DB, "cdc_shop", List.of("public.orders"));
        try (Connection c = pg.connectAsCdcUser(DB); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("ALTER PUBLICATION cdc_shop SET TABLE public.orders, public.customers"))
                    .hasMessageContaining("must be owner of publication cdc_shop");
        }
    }

    /**
     * docs step 2's signal table: the CDC user writes its watermarks there (INSERT) and may do nothing else to it; the
     * publication the tests create lists it as the docs' statement does.
     */
    @Test
    void theCdcUserMayOnlyInsertIntoTheSignalTable() throws SQLException {
        assertThat(RdsSetupSql.fromDocs().signalTable()).contains("public.cdc_signal");
        try (Connection c = pg.connectAsCdcUser(DB); Statement s = c.createStatement()) {
            s.execute("INSERT INTO public.cdc_signal VALUES ('probe-open', 'snapshot-window-open', '{}')");
            assertThat(count(s, "SELECT count(*) FROM public.cdc_signal")).isEqualTo(1);
            assertThatThrownBy(() -> s.execute("DELETE FROM public.cdc_signal"))
                    .hasMessageContaining("permission denied for table cdc_signal");
            assertThatThrownBy(() -> s.execute("UPDATE public.cdc_signal SET data = NULL"))
                    .hasMessageContaining("permission denied for table cdc_signal");
        }
        pg.execute(DB, "DELETE FROM public.cdc_signal");
        pg.createPublication(DB, "cdc_probe", List.of("public.orders"));
        assertThat(row("SELECT string_agg(schemaname || '.' || tablename, ',' ORDER BY tablename) AS tables "
                + "FROM pg_publication_tables WHERE pubname = 'cdc_probe'"))
                .containsEntry("tables", "public.cdc_signal,public.orders");
        pg.execute(DB, "DROP PUBLICATION cdc_probe");
    }

    /** docs step 4: EXECUTE on pg_logical_emit_message is PUBLIC's, so even a role granted nothing may call it. */
    @Test
    void theHeartbeatFunctionIsExecutableByPublic() throws SQLException {
        assertThat(row("SELECT bool_and(has_function_privilege('public', p.oid, 'EXECUTE')) AS public "
                + "FROM pg_proc p WHERE p.proname = 'pg_logical_emit_message'")).containsEntry("public", true);
    }

    @Test
    void onlyThePasswordLetsAnyoneIn() {
        assertThatThrownBy(() -> DriverManager.getConnection(pg.jdbcUrl(DB), "cdc_user", "wrong").close())
                .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
        assertThatThrownBy(() -> DriverManager.getConnection(pg.jdbcUrl(DB), "postgres", "").close())
                .isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> DriverManager.getConnection(pg.jdbcUrl(DB), "cdc_user",
                RdsSetupSql.CDC_PASSWORD.replace("\\", "")).close())
                .as("the backslash is part of the password, not an escape").isInstanceOf(SQLException.class);
    }

    /** The Unix socket asks for the password too (psql with no password and no prompt is refused). */
    @Test
    void theSocketIsNotTrusted() throws Exception {
        List<String> command = new java.util.ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("runuser", "-u", Postgres.USER, "--"));
        }
        command.addAll(List.of(pg.binaries().resolve("psql").toString(), "-w", "-h", pg.socketDirectory().toString(),
                "-p", Integer.toString(pg.port()), "-U", Postgres.USER, "-d", DB, "-c", "SELECT 1"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("PGPASSWORD");
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isNotZero();
        assertThat(out).contains("no password supplied");
    }

    @Test
    void aCommittedRowSurvivesAnImmediateRestart() throws SQLException {
        pg.execute(DB, "CREATE TABLE public.durable (id int)", "INSERT INTO public.durable VALUES (42)");
        pg.restartImmediate();
        try (Connection c = pg.connectAsCdcUser(DB); Statement s = c.createStatement()) {
            assertThat(count(s, "SELECT count(*) FROM public.durable WHERE id = 42")).isEqualTo(1);
        }
    }

    @Test
    void docsWithoutTheBlockFail() throws IOException {
        Path docs = dir.resolve("rds-setup.md");
        Files.writeString(docs, "1. **Logical replication**: on\n2. **User**: ask your DBA\n3. **Publication**\n"
                + "```sql\nCREATE USER cdc_user WITH PASSWORD '...';\n```\n");
        assertThatThrownBy(() -> RdsSetupSql.parse(docs)).hasMessage(docs + ": step \"User\" has no ```sql block");
    }

    @Test
    void aStatementTheTestCannotRunFailsTheSetupWithoutThePassword() throws IOException {
        Path docs = dir.resolve("rds-setup.md");
        Files.writeString(docs, "2. **User**\n   ```sql\n   CREATE USER other_cdc WITH PASSWORD 'x';\n"
                + "   CREATE USER cdc_user WITH PASSWORD '...';\n   GRANT CONNECT ON DATABASE shop TO cdc_user;\n"
                + "   GRANT rds_superuser TO cdc_user;\n   ```\n");
        Database probe = new Database() {
            public String host() { return pg.host(); }
            public int port() { return pg.port(); }
            public String user() { return pg.user(); }
            public String password() { return pg.password(); }
            public String cdcUser() { return "cdc_user"; }
            public String cdcPassword() { return RdsSetupSql.CDC_PASSWORD; }
            public void close() { }
        };
        // cdc_user exists already: the CREATE USER fails, naming the docs' statement, never the password
        assertThatThrownBy(() -> RdsSetupSql.parse(docs).run(probe, DB))
                .hasMessage(docs + " step \"User\", statement 2 (CREATE USER cdc_user WITH PASSWORD '...') failed as "
                        + "postgres on shop: SQLSTATE 42710")
                .hasNoCause();
        pg.execute("postgres", "DROP ROLE other_cdc");
        // an RDS-only statement other than rds_replication is not skipped: it fails the setup
        Files.writeString(docs, "2. **User**\n   ```sql\n   GRANT rds_superuser TO cdc_user;\n"
                + "   CREATE USER cdc_user WITH PASSWORD '...';\n   GRANT CONNECT ON DATABASE shop TO cdc_user;\n   ```\n");
        assertThatThrownBy(() -> RdsSetupSql.parse(docs).run(probe, DB))
                .hasMessageContaining("statement 1 (GRANT rds_superuser TO cdc_user) failed")
                .hasMessageContaining("role \"rds_superuser\" does not exist");
    }

    @Test
    void thePasswordBecomesOneSqlLiteral() {
        assertThat(RdsSetupSql.runnable("CREATE USER cdc_user WITH PASSWORD '...'", "it's \\ $x", "shop"))
                .isEqualTo("CREATE USER cdc_user WITH PASSWORD 'it''s \\ $x'");
        assertThat(RdsSetupSql.runnable("GRANT CONNECT ON DATABASE shop TO cdc_user", "p", "my db"))
                .isEqualTo("GRANT CONNECT ON DATABASE \"my db\" TO cdc_user");
        assertThat(RdsSetupSql.runnable("GRANT rds_replication TO cdc_user", "p", "shop"))
                .isEqualTo("ALTER ROLE cdc_user WITH REPLICATION");
    }

    private static Map<String, Object> row(String sql) throws SQLException {
        try (Connection c = pg.connect(DB); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            Map<String, Object> row = new java.util.HashMap<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
            }
            return row;
        }
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
