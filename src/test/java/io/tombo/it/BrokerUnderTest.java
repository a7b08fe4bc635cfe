package io.tombo.it;

import io.tombo.config.ConfigParser;
import io.tombo.listener.MqttServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.awaitility.Awaitility.await;

/**
 * The broker a black-box test talks to: Tombo in-process by default, or Debian's {@code mosquitto} as a child
 * process when run with {@code -Dtombo.it.broker=mosquitto}, so every test can be checked against the reference
 * broker. Both get the same configuration text: {@code listener PORT 127.0.0.1} and {@code allow_anonymous true}
 * followed by whatever the test adds.
 */
public final class BrokerUnderTest implements AutoCloseable {
    private final int port;
    private final Path dir;
    private final MqttServer server;
    private final Process mosquitto;

    private BrokerUnderTest(int port, Path dir, MqttServer server, Process mosquitto) {
        this.port = port;
        this.dir = dir;
        this.server = server;
        this.mosquitto = mosquitto;
    }

    /** Starts a broker with the default listener and anonymous access. */
    public static BrokerUnderTest start() {
        return start("");
    }

    /** Starts a broker whose configuration ends with {@code extraConfig} (mosquitto.conf lines). */
    public static BrokerUnderTest start(String extraConfig) {
        try {
            int port = freePort();
            Path dir = Files.createTempDirectory("tombo-it");
            Path conf = dir.resolve("broker.conf");
            Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous true\n" + extraConfig + "\n");
            if (isMosquitto()) {
                Process p = new ProcessBuilder("mosquitto", "-c", conf.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("mosquitto.log").toFile())
                        .start();
                BrokerUnderTest b = new BrokerUnderTest(port, dir, null, p);
                await().atMost(Duration.ofSeconds(10)).until(() -> accepts(port));
                return b;
            }
            return new BrokerUnderTest(port, dir, MqttServer.start(ConfigParser.parse(conf)), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("broker did not start", e);
        }
    }

    /** Whether this run tests Debian's mosquitto instead of Tombo (to validate the tests themselves). */
    public static boolean isMosquitto() {
        return "mosquitto".equals(System.getProperty("tombo.it.broker"));
    }

    public int port() {
        return port;
    }

    public String host() {
        return "127.0.0.1";
    }

    /** {@code tcp://127.0.0.1:PORT}, as Paho wants it. */
    public String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    /**
     * Re-reads the configuration file as SIGHUP does: Tombo through the same path its signal handler takes,
     * Mosquitto by the signal itself (its reload is asynchronous; wait on its effect).
     */
    public void reload() {
        try {
            if (mosquitto != null) {
                new ProcessBuilder("kill", "-HUP", Long.toString(mosquitto.pid())).start().waitFor();
            } else {
                server.reload(ConfigParser.parse(dir.resolve("broker.conf")));
            }
        } catch (Exception e) {
            throw new IllegalStateException("reload failed", e);
        }
    }

    /** A scratch directory that lives as long as the broker. */
    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        if (mosquitto != null) {
            mosquitto.destroy();
            try {
                mosquitto.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A TCP port nobody listens on now, for a test's extra listeners. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
