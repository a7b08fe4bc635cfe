package io.tombo.it.sink;

import io.tombo.it.servers.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
    String columnType(String table, String column) throws SQLException {
        try (Connection db = connect(); PreparedStatement q = db.prepareStatement(
                "SELECT data_type FROM information_schema.columns WHERE table_name = ? AND column_name = ?")) {
            q.setString(1, table);
            q.setString(2, column);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getString(1).toLowerCase() : null;
            }
        }
    }
}
