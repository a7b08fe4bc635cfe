package io.tombo.it.servers;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A real MariaDB (Debian's {@code mariadb-server} package) for one test class: {@code mariadb-install-db} in a
 * temporary directory, then {@code mariadbd} as a child process on a free loopback port with its socket in that
 * directory; never the system service. {@link #stop()} and {@link #start()} take it down and bring it back on the
 * same port and data; {@link #close()} stops it and deletes everything. Database {@code tombo}, user {@code tombo},
 * password {@link #PASSWORD}.
 */
public final class MariadbServer implements AutoCloseable {
    public static final String USER = "tombo";
    public static final String PASSWORD = "tombo-test";
    private static final String LOG = "mariadbd.log";

    private final ServerHome home;
    private final int port;
    private Process server;

    private MariadbServer(ServerHome home, int port) {
        this.home = home;
        this.port = port;
    }

    /** Creates a data directory and starts the server. */
    public static MariadbServer start(String name) {
        var home = ServerHome.create("tombo-mariadb-" + name + "-", null);
        var db = new MariadbServer(home, ServerHome.freePort());
        try {
            home.run(List.of("mariadb-install-db", "--no-defaults", "--datadir=" + db.data(), "--skip-test-db",
                    "--auth-root-authentication-method=normal", "--user=" + user()), "install.log");
            db.start();
            home.run(List.of("mariadb", "--no-defaults", "--socket=" + db.socket(), "-u", "root", "-e",
                    "CREATE DATABASE tombo; CREATE USER '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "'; "
                            + "GRANT ALL ON tombo.* TO '" + USER + "'@'%';"), "setup.log");
            home.stopOnExit(db::stop);
            return db;
        } catch (RuntimeException | Error e) {
            db.close();
            throw e;
        }
    }

    /** (Re)starts the server on its port and waits until it accepts connections. */
    public void start() {
        List<String> command = new ArrayList<>(List.of("mariadbd", "--no-defaults", "--datadir=" + data(),
                "--port=" + port, "--bind-address=127.0.0.1", "--socket=" + socket(), "--skip-name-resolve",
                "--pid-file=" + home.dir().resolve("mariadbd.pid"), "--innodb-flush-log-at-trx-commit=2",
                "--innodb-buffer-pool-size=32M", "--skip-log-bin", "--user=" + user()));
        server = home.start(command, LOG);
        home.awaitPort(port, server, LOG);
    }

    /** Stops the server (SIGTERM: a clean shutdown that disconnects clients). */
    public void stop() {
        ServerHome.stop(server);
        server = null;
    }

    public int port() {
        return port;
    }

    /** {@code jdbc:mariadb://127.0.0.1:PORT/tombo}, for {@link #USER} / {@link #PASSWORD}. */
    public String jdbcUrl() {
        return "jdbc:mariadb://127.0.0.1:" + port + "/tombo";
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), USER, PASSWORD);
    }

    public String log() {
        return home.log(LOG);
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            home.close();
        }
    }

    /** mariadbd refuses to run as root unless told to; otherwise it runs as whoever started it. */
    private static String user() {
        return System.getProperty("user.name");
    }

    private String data() {
        return home.dir().resolve("data").toString();
    }

    private String socket() {
        return home.dir().resolve("mariadbd.sock").toString();
    }
}
