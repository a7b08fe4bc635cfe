package io.tombo.it.process;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A configuration the broker cannot honour stops it before it listens, with exit status 3 (Mosquitto's
 * {@code MOSQ_ERR_INVAL}) and a message naming the file and line, as given on the command line.
 */
class BadConfigIT {
    private static final int CONFIG_ERROR = 3;

    @TempDir
    Path dir;

    private final Children children = new Children();

    @AfterEach
    void stopChildren() {
        children.close();
    }

    @Test
    void unknownDirectiveNamesFileAndLine() throws IOException {
        Path conf = Files.writeString(dir.resolve("typo.conf"), """
                listener %d 127.0.0.1
                allow_anonymous true
                alow_anonymous true
                """.formatted(Net.freePort()));

        Program broker = children.tombo(dir, "broker", "-c", conf.toString());

        assertThat(broker.awaitExit()).as(broker.describe()).isEqualTo(CONFIG_ERROR);
        assertThat(broker.stderrText()).contains(conf + ":3: unknown directive 'alow_anonymous'");
    }

    @Test
    void relativeConfigPathIsReportedAsGiven() throws IOException {
        Files.writeString(dir.resolve("relative.conf"), "# a comment\n\nnot_a_directive\n");

        Program broker = children.tombo(dir, "broker", "-c", "relative.conf");

        assertThat(broker.awaitExit()).as(broker.describe()).isEqualTo(CONFIG_ERROR);
        assertThat(broker.stderrText()).contains("relative.conf:3: unknown directive 'not_a_directive'");
    }

    @Test
    void damagedPasswordFileIsReportedWithFileAndLine() throws IOException {
        Path passwords = Files.writeString(dir.resolve("passwd"), "# users\nuser:$7$101$abc$def\n");
        Path conf = Files.writeString(dir.resolve("secure.conf"), """
                listener %d 127.0.0.1
                password_file %s
                """.formatted(Net.freePort(), passwords));

        Program broker = children.tombo(dir, "broker", "-c", conf.toString());

        assertThat(broker.awaitExit()).as(broker.describe()).isEqualTo(CONFIG_ERROR);
        assertThat(broker.stderrText()).contains(passwords + ":2: user user: salt must be 12 or 64 bytes, not 2");
    }

    @Test
    void errorInIncludedFileNamesTheIncludedFile() throws IOException {
        Path confDir = Files.createDirectories(dir.resolve("conf.d"));
        Path included = Files.writeString(confDir.resolve("bad.conf"), "listener 0 127.0.0.1\nmax_qos 7\n");
        Path conf = Files.writeString(dir.resolve("main.conf"), "include_dir " + confDir + "\n");

        Program broker = children.tombo(dir, "broker", "-c", conf.toString());

        assertThat(broker.awaitExit()).as(broker.describe()).isEqualTo(CONFIG_ERROR);
        assertThat(broker.stderrText()).contains(included + ":2:");
    }

    @Test
    void missingConfigFileIsAClearError() {
        Path missing = dir.resolve("no-such.conf");

        Program broker = children.tombo(dir, "broker", "-c", missing.toString());

        assertThat(broker.awaitExit()).as(broker.describe()).isNotZero();
        assertThat(broker.stderrText()).startsWith("Error: ").contains(missing.toString());
        assertThat(broker.stderrText().lines().count()).as("one line, no stack trace: %s", broker.stderrText())
                .isEqualTo(1);
    }

    @Test
    void portAlreadyInUseFailsWithoutHanging() {
        int port = Net.freePort();
        Program first = children.tombo(dir, "broker", "-p", Integer.toString(port));
        Net.awaitAccepting(first, port);

        Program second = children.tombo(dir, "broker", "-p", Integer.toString(port));

        assertThat(second.awaitExit()).as(second.describe()).isNotZero();
        // Mosquitto prints "Opening ipv4 listen socket on port N." before "Error: Address already in use", so the
        // port is on screen; Tombo's error does not name the port (reported as a difference, not asserted)
        assertThat(second.stderrText()).contains("Error").contains("Address already in use");
        assertThat(first.isAlive()).isTrue();
    }

    @Test
    void unknownOptionPrintsUsageAndFails() {
        Program broker = children.tombo(dir, "broker", "--no-such-option");

        assertThat(broker.awaitExit()).as(broker.describe()).isNotZero();
        assertThat(broker.stderrText()).contains("--no-such-option").contains("Usage: tombo broker");
    }
}
