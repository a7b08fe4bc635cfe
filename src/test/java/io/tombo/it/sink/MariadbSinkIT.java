package io.tombo.it.sink;

import io.tombo.it.servers.MariadbServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.sql.Connection;
import java.sql.SQLException;

/** The MariaDB sink against a real MariaDB started for this class. */
class MariadbSinkIT extends JdbcSinkTests {
    private static MariadbServer server;

    @BeforeAll
    static void startMariadb() {
        server = MariadbServer.start("sink");
    }

    @AfterAll
    static void stopMariadb() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    String sinkConf(String table) {
        return "sink maria mariadb " + server.jdbcUrl() + "\nsink_user " + MariadbServer.USER + "\nsink_password "
                + MariadbServer.PASSWORD + "\n"
                + (table != null ? "sink_table " + table + "\n" : "");
    }

    @Override
    Connection connect() throws SQLException {
        return server.connect();
    }

    @Override
    String quote(String identifier) {
        return "`" + identifier + "`";
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
        return "table_schema = DATABASE()";
    }
}
