package io.tombo.it.process;

import io.tombo.security.PasswordFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tombo passwd} against Debian's {@code mosquitto_passwd} and {@code mosquitto}: each reads the other's
 * files, and the two tools answer the same mistakes with the same message and exit status.
 */
class PasswdIT {
    private Path dir;
    private final Children children = new Children();

    @BeforeEach
    void readableDirectory() throws IOException {
        dir = SecurityFiles.create().dir;
    }

    @AfterEach
    void stopChildren() {
        children.close();
    }

    @Test
    void fileWrittenByTomboPasswdIsAcceptedByDebianMosquitto() throws IOException {
        Path file = dir.resolve("passwd");
        Program prompt = children.tombo(dir, "passwd", "-c", file.toString(), "alice");
        prompt.writeLine("alice-pw");
        prompt.writeLine("alice-pw");
        assertThat(prompt.awaitExit()).as(prompt.describe()).isZero();
        assertThat(prompt.stdoutText()).contains("Password: ").contains("Reenter password: ");
        passwd("-H", "sha512", "-b", file.toString(), "bob", "bob-pw");
        passwd("-I", "1000", "-b", file.toString(), "carol", "carol-pw");
        SecurityFiles.readable(file);
        int port = Net.freePort();
        Path conf = Files.writeString(dir.resolve("mosquitto.conf"),
                "listener %d 127.0.0.1\nallow_anonymous false\npassword_file %s\n".formatted(port, file));

        Program mosquitto = children.start(dir, List.of("mosquitto", "-c", conf.toString()));
        Net.awaitAccepting(mosquitto, port);

        assertThat(mosquittoPub(port, "alice", "alice-pw")).isZero();
        assertThat(mosquittoPub(port, "bob", "bob-pw")).isZero();
        assertThat(mosquittoPub(port, "carol", "carol-pw")).isZero();
        assertThat(mosquittoPub(port, "alice", "bob-pw")).isEqualTo(5);
        assertThat(mosquitto.stderrText()).doesNotContain("Error");
    }

    @Test
    void fileWrittenByMosquittoPasswdIsAcceptedByTombo() throws IOException {
        Path file = dir.resolve("passwd");
        run("mosquitto_passwd", "-c", "-b", file.toString(), "alice", "alice-pw");
        run("mosquitto_passwd", "-H", "sha512", "-b", file.toString(), "bob", "bob-pw");
        int port = Net.freePort();
        Path conf = Files.writeString(dir.resolve("tombo.conf"),
                "listener %d 127.0.0.1\nallow_anonymous false\npassword_file %s\n".formatted(port, file));

        Program broker = children.tombo(dir, "broker", "-c", conf.toString());
        Net.awaitAccepting(broker, port);

        assertThat(mosquittoPub(port, "alice", "alice-pw")).isZero();
        assertThat(mosquittoPub(port, "bob", "bob-pw")).isZero();
        assertThat(mosquittoPub(port, "alice", "bob-pw")).isEqualTo(4); // CONNACK 4: bad user name or password
        assertThat(broker.stderrText()).doesNotContain("bob-pw");
    }

    @Test
    void deleteAndUpdateEditTheFileInPlace() throws IOException {
        Path file = dir.resolve("passwd");
        passwd("-c", "-b", file.toString(), "alice", "a");
        passwd("-b", file.toString(), "bob", "b");
        passwd("-D", file.toString(), "alice");
        assertThat(Files.readAllLines(file)).hasSize(1).allMatch(l -> l.startsWith("bob:$7$101$"));

        Files.writeString(file, "plain:text\n" + Files.readString(file));
        passwd("-U", file.toString());
        PasswordFile read = PasswordFile.read(file);
        assertThat(read.hash("plain").matches("text".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(read.hash("bob").matches("b".getBytes(StandardCharsets.UTF_8))).as("hashed lines are kept").isTrue();
    }

    @Test
    void mismatchedPromptsAreRefusedAsByMosquittoPasswd() throws IOException {
        Program prompt = children.tombo(dir, "passwd", "-c", dir.resolve("p").toString(), "u");
        prompt.writeLine("one");
        prompt.writeLine("two");
        assertThat(prompt.awaitExit()).isEqualTo(2);
        assertThat(prompt.stderrText()).contains("Error: Passwords do not match.");
        assertThat(dir.resolve("p")).doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"-c -D FILE u", "-D FILE nobody", "-b FILE a:b pw", "-H md5 -b FILE u pw",
            "-I 0 -b FILE u pw", "-b missing u pw", "-c -U FILE", "-D -b FILE u pw", "-b FILE u\tv pw"})
    void mistakesGetMosquittoPasswdsMessageAndStatus(String args) throws IOException {
        Path mine = dir.resolve("tombo-file");
        Path theirs = dir.resolve("mosquitto-file");
        run("mosquitto_passwd", "-c", "-b", mine.toString(), "u", "pw");
        Files.copy(mine, theirs);

        List<String> ours = new ArrayList<>(List.of("passwd"));
        ours.addAll(command(args, mine));
        Program tombo = children.tombo(dir, ours.toArray(String[]::new));
        List<String> reference = new ArrayList<>(List.of("mosquitto_passwd"));
        reference.addAll(command(args, theirs));
        Program mosquitto = children.start(dir, reference);

        int status = mosquitto.awaitExit();
        assertThat(tombo.awaitExit()).as(tombo.describe()).isEqualTo(status);
        assertThat(tombo.stderrText().replace(mine.toString(), "FILE"))
                .isEqualTo(mosquitto.stderrText().replace(theirs.toString(), "FILE"));
    }

    private static List<String> command(String args, Path file) {
        List<String> cmd = new ArrayList<>();
        for (String a : args.split(" ")) {
            cmd.add(a.equals("FILE") ? file.toString() : a);
        }
        return cmd;
    }

    private void passwd(String... args) {
        List<String> cmd = new ArrayList<>(List.of("passwd"));
        cmd.addAll(List.of(args));
        Program p = children.tombo(dir, cmd.toArray(String[]::new));
        assertThat(p.awaitExit()).as(p.describe()).isZero();
    }

    private void run(String... command) {
        Program p = children.start(dir, List.of(command));
        assertThat(p.awaitExit()).as(p.describe()).isZero();
    }

    private int mosquittoPub(int port, String user, String password) {
        Program p = children.start(dir, List.of("mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(port),
                "-t", "t", "-m", "m", "-u", user, "-P", password));
        return p.awaitExit();
    }
}
