package io.tombo.it.process;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code listener 0 PATH}: Mosquitto's Unix socket listener, used by {@code mosquitto_pub --unix PATH}. */
class UnixSocketIT {
    @TempDir
    Path dir;

    private final Children children = new Children();

    @AfterEach
    void stopChildren() {
        children.close();
    }

    @Test
    void mosquittoClientsWorkThroughTheUnixSocket() throws IOException {
        Path socket = dir.resolve("mqtt.sock");
        Path conf = Files.writeString(dir.resolve("unix.conf"), """
                listener 0 %s
                allow_anonymous true
                """.formatted(socket));
        Program broker = children.tombo(dir, "broker", "-c", conf.toString());

        broker.awaitStderr("Opening unix listen socket on path " + socket + ".");
        await().atMost(Program.TIMEOUT).until(() -> Files.exists(socket));
        MosquittoClients clients = MosquittoClients.unix(children, dir, socket);
        Program sub = clients.subscribe("-t", "local/#", "-v", "-C", "2", "-q", "1");
        clients.publish("-t", "local/a", "-m", "over a unix socket");
        clients.publish("-t", "local/b", "-m", "qos 2", "-q", "2");

        assertThat(sub.awaitExit()).as(sub.describe()).isZero();
        // two publishers are two clients: MQTT orders messages per client only, and one loaded run did see b first
        assertThat(MosquittoClients.messages(sub))
                .containsExactlyInAnyOrder("local/a over a unix socket", "local/b qos 2");
    }

    @Test
    void socketFileLeftByAKilledBrokerDoesNotStopTheNextStart() throws IOException {
        // after a crash or SIGKILL the socket file stays; Mosquitto unlinks it before binding
        Path socket = dir.resolve("stale.sock");
        Path conf = Files.writeString(dir.resolve("unix.conf"), """
                listener 0 %s
                allow_anonymous true
                """.formatted(socket));
        Program first = children.tombo(dir, "broker", "-c", conf.toString());
        await().atMost(Program.TIMEOUT).until(() -> Files.exists(socket));
        first.signal("KILL");
        first.awaitExit();

        Program second = children.tombo(dir, "broker", "-c", conf.toString());
        second.awaitStderr("Opening unix listen socket on path " + socket + ".");

        MosquittoClients clients = MosquittoClients.unix(children, dir, socket);
        Program sub = clients.subscribe("-t", "x", "-C", "1");
        clients.publish("-t", "x", "-m", "again");
        assertThat(sub.awaitExit()).as(sub.describe()).isZero();
        assertThat(MosquittoClients.messages(sub)).containsExactly("again");
    }
}
