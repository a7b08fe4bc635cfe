package io.tombo.it.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Password and ACL files for a broker run as a child process, Tombo or Debian's mosquitto. They live in a
 * world-readable directory: mosquitto started as root reads them after switching to its own user.
 */
final class SecurityFiles {
    final Path dir;

    private SecurityFiles(Path dir) {
        this.dir = dir;
    }

    static SecurityFiles create() throws IOException {
        return new SecurityFiles(Files.createTempDirectory("tombo-security",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x"))));
    }

    /** {@code passwd} with one user, written by Debian's mosquitto_passwd. */
    Path passwords(Children children, String user, String password) throws IOException {
        Path file = dir.resolve("passwd");
        Program p = children.start(dir, List.of("mosquitto_passwd", "-c", "-b", file.toString(), user, password));
        assertThat(p.awaitExit()).as(p.describe()).isZero();
        return readable(file);
    }

    Path acl(String text) throws IOException {
        return readable(Files.writeString(dir.resolve("acl"), text));
    }

    static Path readable(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        return file;
    }

    /** Starts {@code tombo broker} or {@code mosquitto} on {@code conf} and waits for {@code ports}. */
    Program broker(Children children, String which, Path conf, int... ports) {
        Program b = which.equals("tombo") ? children.tombo(dir, "broker", "-c", conf.toString())
                : children.start(dir, List.of("mosquitto", "-c", conf.toString()));
        for (int port : ports) {
            Net.awaitAccepting(b, port);
        }
        return b;
    }
}
