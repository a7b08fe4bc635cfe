package io.tombo.it.client;

import io.tombo.client.ClientOptions;
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
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A broker for the client's integration tests: Tombo in-process or Debian's {@code mosquitto} as a child process, on
 * a free loopback port, chosen per test by a JUnit parameter so that one {@code mvn verify} proves the client against
 * both. Unlike {@code io.tombo.it.BrokerUnderTest} (one broker per run, picked by a system property) it can run
 * mosquitto-only listeners (TLS, WebSocket) and restart on the same port.
 */
final class TestBroker implements AutoCloseable {
    /** Which broker a test talks to. */
    enum Kind {
        TOMBO, MOSQUITTO
    }

    private final Kind kind;
    private final int port;
    private final Path dir;
    private final Path conf;
    private MqttServer tombo;
    private Process mosquitto;

    private TestBroker(Kind kind, int port, Path dir, Path conf) {
        this.kind = kind;
        this.port = port;
        this.dir = dir;
        this.conf = conf;
    }

    /** Default listener on 127.0.0.1:PORT with anonymous access, then {@code extraConfig}. */
    static TestBroker start(Kind kind, String extraConfig) {
        return startWith(kind, port -> "listener " + port + " 127.0.0.1\nallow_anonymous true\n" + extraConfig);
    }

    static TestBroker start(Kind kind) {
        return start(kind, "");
    }

    /** The whole configuration comes from {@code config}, given the port chosen for the first listener. */
    static TestBroker startWith(Kind kind, java.util.function.IntFunction<String> config) {
        try {
            int port = freePort();
            Path dir = Files.createTempDirectory("tombo-client-it");
            Path conf = dir.resolve("broker.conf");
            String text = config.apply(port) + "\n";
            // mosquitto started as root drops to user "mosquitto", who cannot read the test's private directory
            Files.writeString(conf, kind == Kind.MOSQUITTO ? "user root\n" + text : text);
            TestBroker b = new TestBroker(kind, port, dir, conf);
            b.launch();
            return b;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Kind kind() {
        return kind;
    }

    int port() {
        return port;
    }

    Path dir() {
        return dir;
    }

    /** Options for this broker's default listener, with a client id and short time-outs. */
    ClientOptions.Builder options(String clientId) {
        return ClientOptions.builder().host("127.0.0.1").port(port).clientId(clientId)
                .connectTimeout(Duration.ofSeconds(5));
    }

    /** Stops the broker (a crash for mosquitto: SIGKILL, no state saved) and starts it again on the same port. */
    void restart() {
        stop(true);
        launch();
    }

    /** Stops the broker without starting it again. */
    void stop() {
        stop(true);
    }

    void launch() {
        try {
            if (kind == Kind.TOMBO) {
                tombo = MqttServer.start(ConfigParser.parse(conf), 2);
            } else {
                mosquitto = new ProcessBuilder("mosquitto", "-c", conf.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.log").toFile()))
                        .start();
                await().atMost(Duration.ofSeconds(10)).until(() -> accepts(port) || !mosquitto.isAlive());
                if (!mosquitto.isAlive()) {
                    throw new IllegalStateException("mosquitto exited: " + log());
                }
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("broker did not start", e);
        }
    }

    String log() {
        try {
            Path f = dir.resolve("mosquitto.log");
            return Files.exists(f) ? Files.readString(f) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() {
        stop(false);
    }

    private void stop(boolean crash) {
        if (tombo != null) {
            tombo.close();
            tombo = null;
        }
        if (mosquitto != null) {
            if (crash) {
                mosquitto.destroyForcibly();
            } else {
                mosquitto.destroy();
            }
            try {
                if (!mosquitto.waitFor(10, TimeUnit.SECONDS)) {
                    mosquitto.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            mosquitto = null;
        }
    }

    static int freePort() throws IOException {
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

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
