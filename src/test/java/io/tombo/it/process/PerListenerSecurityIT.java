package io.tombo.it.process;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code per_listener_settings true}: an open listener and a secured one on the same broker, each with its own
 * {@code allow_anonymous}, {@code password_file} and {@code acl_file}. Runs against Tombo and Debian's mosquitto.
 */
class PerListenerSecurityIT {
    private final Children children = new Children();

    @AfterEach
    void stopChildren() {
        children.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tombo", "mosquitto"})
    void eachListenerHasItsOwnUsersAndRules(String brokerName) throws IOException {
        SecurityFiles files = SecurityFiles.create();
        Path dir = files.dir;
        Path passwords = files.passwords(children, "alice", "a-pw");
        Path acl = files.acl("user alice\ntopic write news/#\n");
        int open = Net.freePort();
        int secured = Net.freePort();
        Path conf = Files.writeString(dir.resolve("broker.conf"), """
                per_listener_settings true
                listener %d 127.0.0.1
                allow_anonymous true
                listener %d 127.0.0.1
                allow_anonymous false
                password_file %s
                acl_file %s
                """.formatted(open, secured, passwords, acl));
        files.broker(children, brokerName, conf, open, secured);

        Program sub = MosquittoClients.tcp(children, dir, open).subscribe("-t", "#", "-C", "2");
        assertThat(publish(dir, secured, "news/x")).as("anonymous on the secured listener").isEqualTo(5);
        assertThat(publish(dir, secured, "other/x", "-u", "alice", "-P", "a-pw")).isZero(); // dropped by its ACL
        assertThat(publish(dir, secured, "news/x", "-u", "alice", "-P", "a-pw")).isZero();
        assertThat(publish(dir, open, "anything/y")).as("no ACL on the open listener").isZero();
        assertThat(publish(dir, open, "anything/z", "-u", "nobody", "-P", "x"))
                .as("no password file there: a username is as good as none").isZero();

        assertThat(sub.awaitExit()).as(sub.describe()).isZero();
        assertThat(sub.stdoutText().lines().filter(l -> !l.startsWith("Client ") && !l.startsWith("Subscribed ")))
                .containsExactly("news/x", "anything/y");
    }

    private int publish(Path dir, int port, String topic, String... credentials) {
        List<String> cmd = new java.util.ArrayList<>(List.of("mosquitto_pub", "-h", "127.0.0.1", "-p",
                Integer.toString(port), "-q", "1", "-t", topic, "-m", topic));
        cmd.addAll(List.of(credentials));
        return children.start(dir, cmd).awaitExit();
    }
}
