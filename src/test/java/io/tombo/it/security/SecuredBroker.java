package io.tombo.it.security;

import io.tombo.it.BrokerUnderTest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A broker (Tombo, or Debian's mosquitto with {@code -Dtombo.it.broker=mosquitto}) with anonymous access off, a
 * password file written by Debian's {@code mosquitto_passwd} and, optionally, an ACL file. The files live in a
 * world-readable directory: mosquitto started as root reads them after switching to its own user.
 */
final class SecuredBroker {
    static final String ALICE = "alice";
    static final String ALICE_PASSWORD = "alice-secret";
    static final String BOB = "bob";
    static final String BOB_PASSWORD = "bob-secret";
    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD = "admin-secret";

    /** Alice: her own tree minus alice/secret, write-only drop/#, read-only public/#; admin: everything. */
    static final String ACL = """
            # who may read and write what
            user alice
            topic readwrite alice/#
            topic deny alice/secret
            topic write drop/#
            topic read public/#

            user admin
            topic readwrite #

            pattern readwrite clients/%c/#
            pattern read users/%u/inbox
            """;

    private SecuredBroker() {
    }

    /** A broker with the three users and {@code acl} (null for none), plus {@code extra} config lines. */
    static BrokerUnderTest start(String acl, String extra) {
        try {
            Path dir = Files.createTempDirectory("tombo-security-it",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            Path passwords = dir.resolve("passwd");
            mosquittoPasswd("-c", "-b", passwords.toString(), ALICE, ALICE_PASSWORD);
            mosquittoPasswd("-H", "sha512", "-b", passwords.toString(), BOB, BOB_PASSWORD);
            mosquittoPasswd("-I", "1000", "-b", passwords.toString(), ADMIN, ADMIN_PASSWORD);
            readable(passwords);
            StringBuilder conf = new StringBuilder("allow_anonymous false\npassword_file " + passwords + "\n");
            if (acl != null) {
                Path aclFile = Files.writeString(dir.resolve("acl"), acl);
                readable(aclFile);
                conf.append("acl_file ").append(aclFile).append('\n');
            }
            conf.append(extra);
            return BrokerUnderTest.start(conf.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void mosquittoPasswd(String... args) throws IOException {
        Process p = new ProcessBuilder(cons("mosquitto_passwd", args)).redirectErrorStream(true).start();
        try {
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
    }

    static void readable(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }

    /** The CONNACK code Tombo gives for a wrong password, or the one Mosquitto 2.0 gives (not authorised). */
    static int badPasswordCode(boolean v5) {
        if (BrokerUnderTest.isMosquitto()) {
            return v5 ? 0x87 : 5;
        }
        return v5 ? 0x86 : 4;
    }

    static boolean mosquitto() {
        return BrokerUnderTest.isMosquitto();
    }

    private static List<String> cons(String head, String... tail) {
        var list = new java.util.ArrayList<String>(tail.length + 1);
        list.add(head);
        list.addAll(List.of(tail));
        return list;
    }
}
