package io.tombo.it.cli;

import io.tombo.config.ConfigParser;
import io.tombo.listener.MqttServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The broker the CLI tests talk to: Tombo in-process or Debian's {@code mosquitto} as a child process, both on a
 * free loopback port with the same configuration text. The CLI must print the same with either.
 */
final class Broker implements AutoCloseable {
    enum Kind { TOMBO, MOSQUITTO }

    private final Kind kind;
    private final int port;
    private final Path dir;
    private final MqttServer server;
    private final Process mosquitto;

    private Broker(Kind kind, int port, Path dir, MqttServer server, Process mosquitto) {
        this.kind = kind;
        this.port = port;
        this.dir = dir;
        this.server = server;
        this.mosquitto = mosquitto;
    }

    static Broker start(Kind kind, String extraConfig) throws Exception {
        int port = freePort();
        Path dir = Files.createTempDirectory("tombo-cli-it");
        Path conf = dir.resolve("broker.conf");
        Files.writeString(conf, "listener " + port + " 127.0.0.1\n" + extraConfig + "\n");
        if (kind == Kind.TOMBO) {
            return new Broker(kind, port, dir, MqttServer.start(ConfigParser.parse(conf)), null);
        }
        Process p = new ProcessBuilder("mosquitto", "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> accepts(port));
        return new Broker(kind, port, dir, null, p);
    }

    static Broker start(Kind kind) throws Exception {
        return start(kind, "allow_anonymous true");
    }

    int port() {
        return port;
    }

    Path dir() {
        return dir;
    }

    Kind kind() {
        return kind;
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
    public void close() throws InterruptedException {
        if (server != null) {
            server.close();
        }
        if (mosquitto != null) {
            mosquitto.destroy();
            if (!mosquitto.waitFor(5, TimeUnit.SECONDS)) {
                mosquitto.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
