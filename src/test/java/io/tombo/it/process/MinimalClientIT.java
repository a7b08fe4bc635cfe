package io.tombo.it.process;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A microcontroller-style client: {@code src/test/resources/process/umqtt_minimal.py} speaks MQTT 3.1.1 with
 * nothing but {@code socket}, as MicroPython's {@code umqtt.simple} does (keep alive 0, clean session, SUBSCRIBE,
 * PUBLISH at QoS 0 and 1, PINGREQ, DISCONNECT), run by {@code /usr/bin/python3} against the broker program.
 */
class MinimalClientIT {
    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path dir;

    private final Children children = new Children();

    @AfterEach
    void stopChildren() {
        children.close();
    }

    @Test
    void keepAliveZeroClientGetsItsMessagesAndIsNeverTimedOut() throws IOException {
        int port = Net.freePort();
        Program broker = children.tombo(dir, "broker", "-v", "-p", Integer.toString(port));
        Net.awaitAccepting(broker, port);

        Program client = children.start(dir, List.of(PYTHON, script().toString(), "127.0.0.1",
                Integer.toString(port), "umqtt-esp32", "devices/esp32/led"));
        client.awaitStdout("IDLE");

        assertThat(client.stdoutText().lines()).containsExactly("CONNACK", "SUBACK 01",
                "MESSAGE devices/esp32/led 0 qos0 hello", "MESSAGE devices/esp32/led 1 qos1 hello", "IDLE");
        broker.awaitStderr("client=umqtt-esp32");
        assertThat(broker.stderrText()).contains("connected (p4, c1, k0)");
        // Idle: the client sends nothing now. Keep alive 0 means the broker must never close it for silence.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6))
                .until(() -> client.isAlive() && !brokerDroppedClient(broker, "umqtt-esp32"));

        client.writeLine("go");

        assertThat(client.awaitExit()).as(client.describe()).isZero();
        assertThat(client.stdoutText().lines()).endsWith("PINGRESP", "MESSAGE devices/esp32/led 1 after idle", "DONE");
    }

    private static boolean brokerDroppedClient(Program broker, String clientId) {
        return broker.stderrText().lines().filter(l -> l.contains("client=" + clientId + " "))
                .anyMatch(l -> l.contains("disconnected") || l.contains("timeout"));
    }

    private Path script() throws IOException {
        Path script = dir.resolve("umqtt_minimal.py");
        try (InputStream in = getClass().getResourceAsStream("/process/umqtt_minimal.py")) {
            Files.copy(in, script);
        }
        return script;
    }
}
