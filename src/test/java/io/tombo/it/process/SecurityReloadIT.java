package io.tombo.it.process;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SIGHUP re-reads the password and ACL files, as a Mosquitto operator expects: a user added with
 * {@code tombo passwd} can log in, a new ACL line applies to the next message, connected clients stay, and a
 * client whose user was deleted is disconnected. The same steps run against Debian's mosquitto as the reference.
 */
class SecurityReloadIT {
    private SecurityFiles files;
    private Path dir;
    private final Children children = new Children();
    private int port;
    private Path passwords;
    private Path acl;

    @BeforeEach
    void files() throws IOException {
        files = SecurityFiles.create();
        dir = files.dir;
        passwords = files.passwords(children, "alice", "a-pw");
        acl = files.acl("user alice\ntopic news/#\n");
        port = Net.freePort();
    }

    @AfterEach
    void stopChildren() {
        children.close();
    }

    private Program start(String broker) throws IOException {
        Path conf = Files.writeString(dir.resolve("broker.conf"), """
                listener %d 127.0.0.1
                allow_anonymous false
                password_file %s
                acl_file %s
                """.formatted(port, passwords, acl));
        return files.broker(children, broker, conf, port);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tombo", "mosquitto"})
    void addedUserLogsInAfterSighupWhileConnectedClientsStay(String brokerName) throws IOException {
        Program broker = start(brokerName);
        MosquittoClients clients = MosquittoClients.tcp(children, dir, port);
        Program alice = clients.subscribe("-u", "alice", "-P", "a-pw", "-t", "news/#", "-C", "1");
        int refused = brokerName.equals("tombo") ? 4 : 5;
        assertThat(publish("bob", "b-pw", "news/today")).isEqualTo(refused);

        Program add = children.tombo(dir, "passwd", "-b", passwords.toString(), "bob", "b-pw");
        assertThat(add.awaitExit()).as(add.describe()).isZero();
        Files.writeString(acl, "user bob\ntopic write news/#\n", java.nio.file.StandardOpenOption.APPEND);
        broker.signal("HUP");
        broker.awaitStderr("Reloading config.");

        await().atMost(Duration.ofSeconds(10)).until(() -> publish("bob", "b-pw", "news/today") == 0);
        assertThat(alice.awaitExit()).as(alice.describe()).isZero();
        assertThat(MosquittoClients.messages(alice)).containsExactly("hello");
        assertThat(broker.isAlive()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tombo", "mosquitto"})
    void deletedUserIsDisconnectedOnSighup(String brokerName) throws IOException {
        Program broker = start(brokerName);
        MosquittoClients clients = MosquittoClients.tcp(children, dir, port);
        Program alice = clients.subscribe("-u", "alice", "-P", "a-pw", "-t", "news/#", "-C", "1");

        Program delete = children.tombo(dir, "passwd", "-D", passwords.toString(), "alice");
        assertThat(delete.awaitExit()).as(delete.describe()).isZero();
        broker.signal("HUP");

        // mosquitto_sub reconnects after the broker drops it, is refused, and exits with the CONNACK code
        assertThat(alice.awaitExit()).as(alice.describe()).isEqualTo(brokerName.equals("tombo") ? 4 : 5);
    }

    private int publish(String user, String password, String topic) {
        Program p = children.start(dir, List.of("mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(port),
                "-u", user, "-P", password, "-t", topic, "-m", "hello", "-q", "1"));
        return p.awaitExit();
    }
}
