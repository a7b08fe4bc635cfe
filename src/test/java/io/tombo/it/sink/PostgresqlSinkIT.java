package io.tombo.it.sink;

import io.tombo.it.servers.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.sql.Connection;
import java.sql.SQLException;

/** The PostgreSQL sink against a real PostgreSQL started for this class. */
class PostgresqlSinkIT extends JdbcSinkTests {
    private static PostgresServer server;

    @BeforeAll
    static void startPostgres() {
        server = PostgresServer.start("sink");
    }

    @AfterAll
    static void stopPostgres() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    String sinkConf(String table) {
        return "sink pg postgresql " + server.jdbcUrl() + "\nsink_user " + PostgresServer.USER + "\n"
                + (table != null ? "sink_table " + table + "\n" : "");
    }

    @Override
    Connection connect() throws SQLException {
        return server.connect();
    }

    @Override
    String quote(String identifier) {
        return "\"" + identifier + "\"";
    }

    @Override
    void stopServer() {
        server.stop();
    }

    @Override
    void startServer() {
        server.start();
    }

    @Override
    String schema() {
        return "table_schema = current_schema()";
    }
}
