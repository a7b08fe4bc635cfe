package io.tombo.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The hash formats, against vectors Debian's mosquitto_passwd and the argon2 reference CLI make in the test. */
class PasswordHashTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "mosquitto_passwd {0}")
    @ValueSource(strings = {"sha512", "sha512-pbkdf2"})
    void acceptsWhatMosquittoPasswdWrites(String algorithm) throws Exception {
        Path file = dir.resolve("passwd");
        ExternalTool.run(null, "mosquitto_passwd", "-c", "-H", algorithm, "-b", file.toString(), "alice", "s3cret é");
        PasswordHash hash = PasswordFile.read(file).hash("alice");

        assertThat(hash).isInstanceOf(algorithm.equals("sha512") ? PasswordHash.Sha512.class : PasswordHash.Pbkdf2.class);
        assertThat(hash.matches(bytes("s3cret é"))).isTrue();
        assertThat(hash.matches(bytes("s3cret e"))).isFalse();
        assertThat(hash.matches(new byte[0])).isFalse();
    }

    @Test
    void readsTheIterationCountOfEachEntry() throws Exception {
        Path file = dir.resolve("passwd");
        ExternalTool.run(null, "mosquitto_passwd", "-c", "-I", "2000", "-b", file.toString(), "bob", "pw");
        PasswordHash hash = PasswordFile.read(file).hash("bob");

        assertThat(((PasswordHash.Pbkdf2) hash).iterations()).isEqualTo(2000);
        assertThat(hash.matches(bytes("pw"))).isTrue();
        assertThat(hash.encoded()).isEqualTo(Files.readString(file).strip().substring("bob:".length()));
    }

    @Test
    void acceptsAnArgon2idStringFromTheReferenceImplementation() throws Exception {
        String encoded = ExternalTool.run("correct horse", "argon2", "somesaltsomesalt", "-id", "-t", "2", "-k", "4096",
                "-p", "1", "-l", "64", "-e").strip();
        PasswordHash hash = PasswordHash.parse(encoded);

        assertThat(hash.matches(bytes("correct horse"))).isTrue();
        assertThat(hash.matches(bytes("correct horsf"))).isFalse();
    }

    @ParameterizedTest
    @EnumSource(PasswordHash.Algorithm.class)
    void whatTomboWritesReadsBack(PasswordHash.Algorithm algorithm) {
        PasswordHash made = PasswordHash.create(algorithm, bytes("pässword"), 101, RANDOM);
        PasswordHash read = PasswordHash.parse(made.encoded());

        assertThat(read.matches(bytes("pässword"))).isTrue();
        assertThat(read.matches(bytes("password"))).isFalse();
        assertThat(read.encoded()).isEqualTo(made.encoded());
    }

    @Test
    void newHashesUseMosquittoTwoZerosLayout() {
        String pbkdf2 = PasswordHash.create(PasswordHash.Algorithm.SHA512_PBKDF2, bytes("x"), 101, RANDOM).encoded();
        String[] parts = pbkdf2.split("\\$");

        assertThat(parts[1]).isEqualTo("7");
        assertThat(parts[2]).isEqualTo("101");
        assertThat(parts[3]).hasSize(16); // 12 bytes of salt: the only length Mosquitto 2.0 reads
        assertThat(parts[4]).hasSize(88); // 64 bytes of hash
        assertThat(PasswordHash.create(PasswordHash.Algorithm.ARGON2ID, bytes("x"), 0, RANDOM).encoded())
                .startsWith("$argon2id$v=19$m=47104,t=1,p=1$");
    }

    @Test
    void emptyPasswordHashesLikeAnyOther() {
        PasswordHash h = PasswordHash.create(PasswordHash.Algorithm.SHA512_PBKDF2, new byte[0], 101, RANDOM);
        assertThat(h.matches(new byte[0])).isTrue();
        assertThat(h.matches(new byte[] {'x'})).isFalse();
    }

    @Test
    void refusesWhatIsNotAHashWithoutEchoingIt() {
        assertThatThrownBy(() -> PasswordHash.parse("hunter2")).hasMessageContaining("not hashed")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> PasswordHash.parse("$5$abc$def")).hasMessageContaining("unknown password hash type");
        assertThatThrownBy(() -> PasswordHash.parse("$7$0$AAAAAAAAAAAAAAAA$x")).hasMessageContaining("iteration");
        assertThatThrownBy(() -> PasswordHash.parse("$7$101$!!!!$x")).hasMessageContaining("Base64 in the salt");
        assertThatThrownBy(() -> PasswordHash.parse("$6$AAAAAAAAAAAAAAAA$AAAA")).hasMessageContaining("hash must be 64");
        assertThatThrownBy(() -> PasswordHash.parse("$6$AAAA")).hasMessageContaining("expected $6$SALT$HASH");
        assertThatThrownBy(() -> PasswordHash.parse("$argon2id$v=19$garbage")).hasMessageContaining("argon2id");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
