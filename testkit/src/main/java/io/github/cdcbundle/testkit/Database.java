package io.github.cdcbundle.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A PostgreSQL server with logical replication, whichever backend runs it. Two users, as on RDS: {@link #user()} is
 * the administrator, used only to set things up (databases, tables, the publication, test data, the writers'
 * changes); {@link #cdcUser()} is the least-privilege user the connectors log in as, made by
 * {@link #createCdcUser(String)} from the SQL of docs/rds-setup.md.
 */
public interface Database extends AutoCloseable {
    String host();

    int port();

    /** The administrator (a superuser here): setup only, never in a connector's .env. */
    String user();

    String password();

    /** What the connectors' .env gets as AWS_RDS_USER. */
    default String cdcUser() {
        return RdsSetupSql.CDC_USER;
    }

    /** What the connectors' .env gets as AWS_RDS_PASSWORD. */
    default String cdcPassword() {
        return RdsSetupSql.CDC_PASSWORD;
    }

    default String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
    }

    default Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), user(), password());
    }

    default Connection connectAsCdcUser(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), cdcUser(), cdcPassword());
    }

    /** Runs statements in one connection, auto-commit. */
    default void execute(String database, String... statements) {
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed on " + database + ": " + e.getMessage(), e);
        }
    }

    default void createDatabase(String name) {
        execute("postgres", "CREATE DATABASE " + name);
    }

    /**
     * Creates {@link #cdcUser()} for {@code database} by running step 2 of docs/rds-setup.md as the administrator;
     * returns the statements as the docs write them.
     */
    default List<String> createCdcUser(String database) {
        return RdsSetupSql.fromDocs().run(this, database);
    }

    /**
     * Step 3 of docs/rds-setup.md: the tables' owner creates the publication, since a user who does not own the tables
     * cannot (and Debezium's {@code publication.autocreate.mode=filtered} then uses it as it is). It lists
     * {@code tables} and the signal table that step 2 created, as the docs' statement does: Debezium counts the signal
     * table among the tables it captures, so without it the publication would not be the one it expects.
     */
    default void createPublication(String database, String publication, List<String> tables) {
        List<String> listed = new ArrayList<>(tables.stream().map(String::strip).toList());
        RdsSetupSql.fromDocs().signalTable().filter(t -> !listed.contains(t)).ifPresent(listed::add);
        execute(database, "CREATE PUBLICATION " + publication + " FOR TABLE " + String.join(", ", listed));
    }

    @Override
    void close();
}
