package io.tombo.it.process;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code tombo broker} as a Mosquitto user runs it from a terminal or a service manager: {@code -p}, {@code -c},
 * {@code -v}, {@code --help}, SIGTERM and SIGHUP. Each test starts the jar as a child process on a free port.
 */
class BrokerProcessIT {
    /** What the JVM exits with on SIGTERM (128 + 15); Tombo does not override it, see docs/service.md. */
    private static final int SIGTERM_STATUS = 143;

    @TempDir
    Path dir;

    private final Children children = new Children();

    @AfterEach
    void stopChildren() {
        children.close();
    }

    @Test
    void portOptionListensOnLoopbackAndCarriesUtf8Payload() throws IOException {
        int port = Net.freePort();
        Program broker = children.tombo(dir, "broker", "-p", Integer.toString(port));

        broker.awaitStderr("Opening ipv4 listen socket on port " + port + ".");
        Net.awaitAccepting(broker, port);
        MosquittoClients clients = MosquittoClients.tcp(children, dir, port);
        Program sub = clients.subscribe("-t", "#", "-C", "1");
        // -f rather than -m: the payload's bytes must not depend on the locale that turns arguments into bytes
        Path payload = Files.writeString(dir.resolve("greeting.txt"), "こんにちは", StandardCharsets.UTF_8);
        clients.publish("-t", "topic", "-f", payload.toString());

        assertThat(sub.awaitExit()).as(sub.describe()).isZero();
        assertThat(MosquittoClients.messages(sub)).containsExactly("こんにちは");
        assertThat(broker.stdoutText()).as("log lines go to stderr by default").isEmpty();
    }

    @Test
    void portOptionDoesNotListenOnOtherInterfaces() {
        InetAddress external = Net.nonLoopbackIpv4().orElse(null);
        assumeTrue(external != null, "this machine has no non-loopback IPv4 address");
        int port = Net.freePort();
        Program broker = children.tombo(dir, "broker", "-p", Integer.toString(port));

        Net.awaitAccepting(broker, port);

        assertThat(Net.accepts(external.getHostAddress(), port))
                .as("connection to %s:%d (Mosquitto 2 binds -p to loopback only)", external.getHostAddress(), port)
                .isFalse();
    }

    /**
     * Repeated, with several clients each time: the DISCONNECT is lost in some shutdowns only (a race between
     * disconnecting the clients and stopping the event loops), so one run with one client would pass most of the time.
     */
    @RepeatedTest(5)
    void sigtermSendsServerShuttingDownToMqtt5ClientsAndRemovesPidFile() throws IOException {
        int port = Net.freePort();
        Path pidFile = dir.resolve("tombo.pid");
        Path conf = Files.writeString(dir.resolve("tombo.conf"), """
                pid_file %s
                listener %d 127.0.0.1
                allow_anonymous true
                """.formatted(pidFile, port));
        Program broker = children.tombo(dir, "broker", "-c", conf.toString());
        Net.awaitAccepting(broker, port);
        await().atMost(Program.TIMEOUT).until(() -> Files.exists(pidFile));
        List<RawMqtt> v5 = new ArrayList<>();
        try (RawMqtt v311 = RawMqtt.connect(port, 4, "v311-client")) {
            for (int i = 0; i < 8; i++) {
                v5.add(RawMqtt.connect(port, 5, "v5-client-" + i));
            }

            int status = broker.stop();

            for (int i = 0; i < v5.size(); i++) {
                RawMqtt.Packet disconnect = v5.get(i).read();
                assertThat(disconnect).as("v5-client-%d: a DISCONNECT before the close; broker: %s", i,
                        broker.describe()).isNotNull();
                assertThat(disconnect.type()).as("packet type").isEqualTo(RawMqtt.DISCONNECT);
                assertThat(disconnect.body()[0] & 0xFF).as("reason code (0x8B server shutting down)").isEqualTo(0x8B);
                assertThat(v5.get(i).read()).as("the connection closes after DISCONNECT").isNull();
            }
            assertThat(v311.read()).as("3.1.1 has no server DISCONNECT: the connection just closes").isNull();
            assertThat(status).as("exit status on SIGTERM; %s", broker.describe()).isEqualTo(SIGTERM_STATUS);
        } finally {
            v5.forEach(RawMqtt::close);
        }
        assertThat(pidFile).doesNotExist();
        assertThat(broker.stderrText()).contains("tombo version 0.1.0 terminating");
        // logged during the shutdown, in the last milliseconds: lines written in bursts must still all get out
        for (int i = 0; i < v5.size(); i++) {
            assertThat(broker.stderrText()).containsPattern("client=v5-client-" + i
                    + " remote=\\S+ disconnected: server shutting down");
        }
    }

    @Test
    void ctrlCStopsTheBrokerGracefully() {
        int port = Net.freePort();
        Program broker = children.tombo(dir, "broker", "-p", Integer.toString(port));
        Net.awaitAccepting(broker, port);

        broker.signal("INT");

        assertThat(broker.awaitExit()).as("exit status on SIGINT (128 + 2); %s", broker.describe()).isEqualTo(130);
        assertThat(broker.stderrText()).contains("tombo version 0.1.0 terminating");
    }

    @Test
    void listenerInConfigFileWinsOverPortOption() throws IOException {
        int configured = Net.freePort();
        int option = Net.freePort();
        Path conf = Files.writeString(dir.resolve("tombo.conf"), """
                listener %d 127.0.0.1
                allow_anonymous true
                """.formatted(configured));

        Program broker = children.tombo(dir, "broker", "-c", conf.toString(), "-p", Integer.toString(option));

        broker.awaitStderr("Opening ipv4 listen socket on port " + configured + ".");
        Net.awaitAccepting(broker, configured);
        assertThat(broker.stderrText()).contains("-p " + option + " is ignored");
        assertThat(Net.accepts("127.0.0.1", option)).isFalse();
    }

    @Test
    void sighupReloadsAndKeepsServingConnectedClients() throws IOException {
        int port = Net.freePort();
        Path conf = Files.writeString(dir.resolve("tombo.conf"), """
                listener %d 127.0.0.1
                allow_anonymous true
                """.formatted(port));
        Program broker = children.tombo(dir, "broker", "-c", conf.toString());
        Net.awaitAccepting(broker, port);
        MosquittoClients clients = MosquittoClients.tcp(children, dir, port);

        try (RawMqtt idle = RawMqtt.connect(port, 4, "idle-through-reload")) {
            Program sub = clients.subscribe("-t", "after/reload", "-C", "1");
            broker.signal("HUP");
            broker.awaitStderr("Reloading config.");

            clients.publish("-t", "after/reload", "-m", "still here");

            assertThat(sub.awaitExit()).as(sub.describe()).isZero();
            assertThat(MosquittoClients.messages(sub)).containsExactly("still here");
            idle.ping();
        }
        assertThat(broker.isAlive()).as(broker.describe()).isTrue();
    }

    @Test
    void sighupWithoutConfigFileKeepsRunning() {
        int port = Net.freePort();
        Program broker = children.tombo(dir, "broker", "-p", Integer.toString(port));
        Net.awaitAccepting(broker, port);

        broker.signal("HUP");
        broker.awaitStderr("Reloading config.");

        Net.awaitAccepting(broker, port);
        assertThat(broker.isAlive()).as(broker.describe()).isTrue();
    }

    @Test
    void verboseLogsEachConnection() {
        int port = Net.freePort();
        Program broker = children.tombo(dir, "broker", "-v", "-p", Integer.toString(port));
        Net.awaitAccepting(broker, port);

        MosquittoClients.tcp(children, dir, port).publish("-i", "verbose-pub", "-t", "t", "-m", "m");

        broker.awaitStderr("client=verbose-pub");
        broker.awaitStderr("connected (p4, c1, k60)");
    }

    @Test
    void withoutVerboseConnectionsAreStillLoggedAsInformation() {
        // Mosquitto's default log_type includes information, and connection_messages defaults to true
        int port = Net.freePort();
        Program broker = children.tombo(dir, "broker", "-p", Integer.toString(port));
        Net.awaitAccepting(broker, port);

        MosquittoClients.tcp(children, dir, port).publish("-i", "quiet-pub", "-t", "t", "-m", "m");

        broker.awaitStderr("client=quiet-pub");
    }

    @Test
    void helpPrintsUsageAndExitsZero() {
        Program top = children.tombo(dir, "--help");
        assertThat(top.awaitExit()).as(top.describe()).isZero();
        assertThat(top.stdoutText()).contains("Usage: tombo").contains("broker");

        Program broker = children.tombo(dir, "broker", "--help");
        assertThat(broker.awaitExit()).as(broker.describe()).isZero();
        assertThat(broker.stdoutText()).contains("Usage: tombo broker")
                .contains("--config-file").contains("--port").contains("--verbose").contains("--daemon");
    }

    @Test
    void daemonOptionReturnsAtOnceAndTheBrokerKeepsServing() throws IOException {
        int port = Net.freePort();
        Path pidFile = dir.resolve("daemon.pid");
        Path log = dir.resolve("daemon.log");
        Path conf = Files.writeString(dir.resolve("daemon.conf"), """
                pid_file %s
                log_dest file %s
                listener %d 127.0.0.1
                allow_anonymous true
                """.formatted(pidFile, log, port));

        Program launcher = children.tombo(dir, "broker", "-d", "-c", conf.toString());
        assertThat(launcher.awaitExit()).as(launcher.describe()).isZero();

        await().atMost(Program.TIMEOUT).until(() -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank());
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        ProcessHandle daemon = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no process " + pid));
        try {
            assertThat(pid).as("the daemon is a new process").isNotEqualTo(launcher.pid());
            await().atMost(Program.TIMEOUT).until(() -> Net.accepts("127.0.0.1", port));
            MosquittoClients clients = MosquittoClients.tcp(children, dir, port);
            Program sub = clients.subscribe("-t", "d", "-C", "1");
            clients.publish("-t", "d", "-m", "from the background");
            assertThat(sub.awaitExit()).as(sub.describe()).isZero();
            assertThat(MosquittoClients.messages(sub)).containsExactly("from the background");
        } finally {
            daemon.destroy();
            try {
                daemon.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                daemon.destroyForcibly();
            }
        }
        await().atMost(Program.TIMEOUT).until(() -> !Files.exists(pidFile));
        assertThat(Files.readString(log)).contains("Opening ipv4 listen socket on port " + port + ".")
                .contains("terminating");
    }
}
