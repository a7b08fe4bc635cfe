package io.tombo.it.persistence;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code tombo broker -c CONF} from the shaded jar as a child process, with {@code persistence true} and its database
 * in {@code DIR/data}. The same port and database across restarts; each start logs to its own files
 * ({@code broker-N.out}, {@code broker-N.err}) so that a failure shows what every incarnation printed.
 * {@link #kill()} is a real SIGKILL ({@code Process.destroyForcibly} on Linux).
 */
final class TomboProcess implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final Path dir;
    private final Path conf;
    private final int port;
    private Process process;
    private int starts;

    private TomboProcess(Path dir, Path conf, int port) {
        this.dir = dir;
        this.conf = conf;
        this.port = port;
    }

    /** A broker on a free loopback port (never 1883) whose config is the persistence lines plus {@code extra}. */
    static TomboProcess configure(Path dir, String... extra) {
        try {
            int port = freePort();
            Path data = Files.createDirectories(dir.resolve("data"));
            StringBuilder text = new StringBuilder()
                    .append("listener ").append(port).append(" 127.0.0.1\n")
                    .append("allow_anonymous true\n")
                    .append("persistence true\n")
                    .append("persistence_location ").append(data).append("/\n");
            for (String line : extra) {
                text.append(line).append('\n');
            }
            Path conf = Files.writeString(dir.resolve("tombo.conf"), text);
            return new TomboProcess(dir, conf, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return port;
    }

    String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    Path dataDir() {
        return dir.resolve("data");
    }

    Path database() {
        return dataDir().resolve("tombo.db");
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Starts the broker and waits until it accepts connections. */
    TomboProcess start() {
        launch();
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (accepts()) {
                return true;
            }
            assertThat(process.isAlive()).as("broker exited before accepting on %d; %s", port, describe()).isTrue();
            return false;
        });
        return this;
    }

    /** Starts the broker without waiting for it: for a start that is expected to fail. */
    TomboProcess launch() {
        assertThat(isAlive()).as("broker already running").isFalse();
        starts++;
        String java = ProcessHandle.current().info().command().orElseThrow();
        String jar = System.getProperty("tombo.jar");
        assertThat(jar).as("system property tombo.jar (set by Failsafe)").isNotNull();
        assertThat(new File(jar)).as("the shaded jar; run mvn package first").isFile();
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xms16m", "-jar", jar,
                "broker", "-c", conf.toString()));
        try {
            process = new ProcessBuilder(cmd).directory(dir.toFile())
                    .redirectOutput(out().toFile()).redirectError(err().toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** SIGKILL now, without waiting: safe from a client callback thread. */
    void killNow() {
        process.destroyForcibly();
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() {
        killNow();
        awaitGone();
    }

    /** SIGTERM (a graceful stop), and waits until the process is gone; returns the exit status. */
    int stop() {
        process.destroy();
        return awaitGone();
    }

    /** Waits for the process to end (by itself or after a signal) and returns its exit status. */
    int awaitGone() {
        try {
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("broker did not end within " + TIMEOUT + "; " + describe());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Everything the current (last started) incarnation wrote to stderr. */
    String stderr() {
        return read(err());
    }

    String describe() {
        StringBuilder b = new StringBuilder("config:\n").append(read(conf));
        for (int i = 1; i <= starts; i++) {
            b.append("\n--- start ").append(i).append(" stdout:\n").append(read(dir.resolve("broker-" + i + ".out")))
                    .append("\n--- start ").append(i).append(" stderr:\n").append(read(dir.resolve("broker-" + i + ".err")));
        }
        return b.toString();
    }

    @Override
    public void close() {
        if (isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Path out() {
        return dir.resolve("broker-" + starts + ".out");
    }

    private Path err() {
        return dir.resolve("broker-" + starts + ".err");
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "(none)";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
