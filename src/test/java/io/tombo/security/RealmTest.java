package io.tombo.security;

import io.tombo.codec.ReasonCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Mosquitto 2.0's login decisions (checked against mosquitto 2.0.11 by AuthenticationIT). */
class RealmTest {
    @TempDir
    Path dir;

    private PasswordFile users(String... userAndPassword) throws Exception {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < userAndPassword.length; i += 2) {
            b.append(userAndPassword[i]).append(':').append(PasswordHash.create(PasswordHash.Algorithm.SHA512_PBKDF2,
                    bytes(userAndPassword[i + 1]), 101, new SecureRandom()).encoded()).append('\n');
        }
        return PasswordFile.read(Files.writeString(dir.resolve("p" + b.length()), b));
    }

    @Test
    void withoutPasswordFileAUsernameCountsAsAnonymous() {
        assertThat(new Realm(null, null, true, false).authenticate("anyone", bytes("x"))).isEqualTo(ReasonCode.SUCCESS);
        assertThat(new Realm(null, null, false, false).authenticate("anyone", bytes("x")))
                .isEqualTo(ReasonCode.NOT_AUTHORIZED);
        assertThat(new Realm(null, null, false, false).authenticate(null, null)).isEqualTo(ReasonCode.NOT_AUTHORIZED);
    }

    @Test
    void withPasswordFileTheUserAndPasswordMustMatch() throws Exception {
        Realm open = new Realm(users("alice", "pw"), null, true, false);

        assertThat(open.authenticate(null, null)).as("anonymous still allowed").isEqualTo(ReasonCode.SUCCESS);
        assertThat(open.authenticate("alice", bytes("pw"))).isEqualTo(ReasonCode.SUCCESS);
        assertThat(open.authenticate("alice", bytes("PW"))).isEqualTo(ReasonCode.BAD_USER_NAME_OR_PASSWORD);
        assertThat(open.authenticate("alice", null)).isEqualTo(ReasonCode.BAD_USER_NAME_OR_PASSWORD);
        assertThat(open.authenticate("bob", bytes("pw"))).isEqualTo(ReasonCode.BAD_USER_NAME_OR_PASSWORD);
    }

    @Test
    void aReloadKeepsClientsWhoseEntryDidNotChange() throws Exception {
        Path file = Files.writeString(dir.resolve("passwd"), "alice:" + PasswordHash.create(
                PasswordHash.Algorithm.SHA512, bytes("pw"), 0, new SecureRandom()).encoded() + "\n");
        Realm before = new Realm(PasswordFile.read(file), null, false, false);

        assertThat(new Realm(PasswordFile.read(file), null, false, false).keeps(before, "alice")).isTrue();
        assertThat(new Realm(users("alice", "pw"), null, false, false).keeps(before, "alice"))
                .as("re-hashed: the password must be checked again").isFalse();
        assertThat(new Realm(users("bob", "pw"), null, false, false).keeps(before, "alice")).isFalse();
        assertThat(before.keeps(before, null)).as("anonymous, not allowed").isFalse();
        assertThat(new Realm(null, null, true, false).keeps(before, null)).isTrue();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
