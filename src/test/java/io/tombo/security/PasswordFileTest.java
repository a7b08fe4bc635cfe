package io.tombo.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PasswordFileTest {
    @TempDir
    Path dir;

    private final String hash = PasswordHash.create(PasswordHash.Algorithm.SHA512, "pw".getBytes(StandardCharsets.UTF_8),
            0, new SecureRandom()).encoded();

    @Test
    void skipsCommentsAndLinesWithoutColonAndTrimsBlanksAsMosquittoDoes() throws Exception {
        Path f = Files.writeString(dir.resolve("p"), "# admins\n\nnot a user line\n  alice :" + hash + " \r\nbob:"
                + hash + ":extra\n");
        PasswordFile file = PasswordFile.read(f);

        assertThat(file.size()).isEqualTo(2);
        assertThat(file.hash("alice").matches("pw".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(file.hash("bob")).isNotNull();
        assertThat(file.hash("carol")).isNull();
    }

    @Test
    void aBadLineIsReportedWithFileAndLine() throws Exception {
        Path f = Files.writeString(dir.resolve("p"), "alice:" + hash + "\nbob:plaintext\n");
        assertThatThrownBy(() -> PasswordFile.read(f)).isInstanceOf(SecurityFileException.class)
                .hasMessage(f + ":2: user bob: password is not hashed (run tombo passwd -U or mosquitto_passwd -U on the file)");
    }

    @Test
    void aUserWithoutHashIsReported() throws Exception {
        Path f = Files.writeString(dir.resolve("p"), "carol:\n");
        assertThatThrownBy(() -> PasswordFile.read(f)).hasMessage(f + ":1: user carol has no password hash");
    }

    @Test
    void aMissingFileIsReportedByName() {
        Path f = dir.resolve("absent");
        assertThatThrownBy(() -> PasswordFile.read(f)).hasMessageStartingWith(f + ": cannot read password file");
    }
}
