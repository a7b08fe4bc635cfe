package io.tombo.it.process;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Debian's stock {@code /etc/mosquitto/mosquitto.conf}, as tutorials tell users to keep it
 * ({@code src/test/resources/process/mosquitto.conf}), with its absolute paths moved into a temporary directory and
 * the listener in {@code conf.d/local.conf}, where the tutorials put it.
 */
class TutorialConfigIT {
    @TempDir
    Path dir;

    private final Children children = new Children();
    private int port;
    private Path conf;
    private Path pidFile;
    private Path logFile;
    private Path persistenceDir;

    @BeforeEach
    void writeConfig() throws IOException {
        port = Net.freePort();
        pidFile = dir.resolve("var/run/mosquitto.pid");
        persistenceDir = dir.resolve("var/lib/mosquitto");
        logFile = dir.resolve("var/log/mosquitto/mosquitto.log");
        Path confDir = dir.resolve("etc/mosquitto/conf.d");
        for (Path d : new Path[] {pidFile.getParent(), persistenceDir, logFile.getParent(), confDir}) {
            Files.createDirectories(d);
        }
        String seed;
        try (InputStream in = getClass().getResourceAsStream("/process/mosquitto.conf")) {
            seed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        conf = Files.writeString(dir.resolve("etc/mosquitto/mosquitto.conf"), seed
                .replace("/var/run/mosquitto.pid", pidFile.toString())
                .replace("/var/lib/mosquitto/", persistenceDir + "/")
                .replace("/var/log/mosquitto/mosquitto.log", logFile.toString())
                .replace("/etc/mosquitto/conf.d", confDir.toString()));
        Files.writeString(confDir.resolve("local.conf"), "listener " + port + " 127.0.0.1\nallow_anonymous true\n");
    }

    @AfterEach
    void stopChildren() {
        children.close();
    }

    @Test
    void startsWritesPidFileAndLogFileAndServesClients() throws IOException {
        Program broker = start();

        await().atMost(Program.TIMEOUT).until(() -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank());
        assertThat(Files.readString(pidFile).strip()).isEqualTo(Long.toString(broker.pid()));
        awaitLog("Config loaded from " + conf + ".");
        awaitLog("Opening ipv4 listen socket on port " + port + ".");
        MosquittoClients clients = MosquittoClients.tcp(children, dir, port);
        Program sub = clients.subscribe("-i", "tutorial-sub", "-t", "home/+/temperature", "-v", "-C", "1");
        clients.publish("-t", "home/kitchen/temperature", "-m", "21.5");

        assertThat(sub.awaitExit()).as(sub.describe()).isZero();
        assertThat(MosquittoClients.messages(sub)).containsExactly("home/kitchen/temperature 21.5");
        awaitLog("client=tutorial-sub");
        assertThat(broker.stderrText()).as("log_dest file and syslog only: nothing on stderr").isEmpty();
        assertThat(broker.stdoutText()).isEmpty();
        assertThat(Files.readString(logFile)).doesNotContainIgnoringCase("error").doesNotContainIgnoringCase("warn");
    }

    @Test
    void sighupAfterLogrotateMovedTheFileWritesANewOne() throws IOException {
        Program broker = start();
        awaitLog("Opening ipv4 listen socket on port " + port + ".");
        Path rotated = logFile.resolveSibling("mosquitto.log.1");

        Files.move(logFile, rotated);
        broker.signal("HUP");
        await().atMost(Program.TIMEOUT).until(() -> Files.exists(logFile));
        MosquittoClients.tcp(children, dir, port).publish("-i", "after-rotate", "-t", "t", "-m", "m");

        awaitLog("client=after-rotate");
        assertThat(Files.readString(rotated)).contains("Opening ipv4 listen socket").doesNotContain("after-rotate");
        assertThat(broker.isAlive()).isTrue();
    }

    private Program start() {
        Program broker = children.tombo(dir, "broker", "-c", conf.toString());
        Net.awaitAccepting(broker, port);
        return broker;
    }

    private void awaitLog(String text) {
        await().atMost(Program.TIMEOUT).until(() -> Files.exists(logFile) && Files.readString(logFile).contains(text));
    }
}
