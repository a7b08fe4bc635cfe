package io.tombo.it.servers;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

/**
 * A real PostgreSQL (Debian's {@code postgresql} package) for one test class: {@code initdb} in a temporary directory,
 * then {@code pg_ctl start} on a free loopback port with its Unix socket in that directory; never the system service.
 * {@link #stop()} and {@link #start()} take it down and bring it back on the same port and data (outage tests);
 * {@link #close()} stops it and deletes everything. Database {@code tombo}, user {@code tombo}, trust authentication.
 */
public final class PostgresServer implements AutoCloseable {
    public static final String USER = "tombo";
    private static final String LOG = "postgres.log";

    private final ServerHome home;
    private final Path bin;
    private final int port;
    private boolean running;

    private PostgresServer(ServerHome home, Path bin, int port) {
        this.home = home;
        this.bin = bin;
        this.port = port;
    }

    /** Creates a cluster and starts it. */
    public static PostgresServer start(String name) {
        Path bin = ServerHome.newest(Path.of("/usr/lib/postgresql"), "bin");
        var home = ServerHome.create("tombo-pg-" + name + "-", "postgres");
        var server = new PostgresServer(home, bin, ServerHome.freePort());
        try {
            home.run(List.of(bin.resolve("initdb").toString(), "-D", server.data(), "-A", "trust", "-U", USER,
                    "-E", "UTF8", "--no-sync", "--locale=C"), "initdb.log");
            server.start();
            home.run(List.of(bin.resolve("createdb").toString(), "-h", home.dir().toString(), "-p",
                    Integer.toString(server.port), "-U", USER, "tombo"), "createdb.log");
            home.stopOnExit(server::stop);
            return server;
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
    }

    /** (Re)starts the server on its port and waits until it accepts connections. */
    public void start() {
        home.run(List.of(bin.resolve("pg_ctl").toString(), "-D", data(), "-l", home.dir().resolve(LOG).toString(),
                "-o", "-p " + port + " -k " + home.dir() + " -c listen_addresses=127.0.0.1 -c fsync=off", "-w",
                "-t", "60", "start"), "pg_ctl.log");
        running = true;
        home.awaitPort(port, null, LOG);
    }

    /** Stops the server at once (fast shutdown: connected clients are disconnected). */
    public void stop() {
        if (running) {
            home.run(List.of(bin.resolve("pg_ctl").toString(), "-D", data(), "-m", "fast", "-w", "-t", "60", "stop"),
                    "pg_ctl.log");
            running = false;
        }
    }

    public int port() {
        return port;
    }

    /** {@code jdbc:postgresql://127.0.0.1:PORT/tombo}, for user {@link #USER} with any password. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/tombo";
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), USER, "");
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

    private String data() {
        return home.dir().resolve("data").toString();
    }
}
