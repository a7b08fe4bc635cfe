package io.tombo.security;

import io.tombo.client.OpenSsl;
import io.tombo.config.ConfigParser;
import io.tombo.config.ListenerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class PeerCertificateTest {
    @TempDir
    Path dir;

    @Test
    void subjectIsPrintedAsMosquittoDoesAndTheCommonNameExtracted() throws Exception {
        OpenSsl pki = OpenSsl.ca(dir);
        pki.key("c", OpenSsl.KeyForm.EC_PKCS8);
        pki.run("req", "-x509", "-key", "c.key", "-out", "c.pem", "-days", "1",
                "-subj", "/C=GB/ST=Nottinghamshire/O=Server/OU=Production/CN=test client/emailAddress=a@b.c");
        PeerCertificate cert = PeerCertificate.of(Pem.certificates(dir.resolve("c.pem")).getFirst());

        assertThat(cert.commonName()).isEqualTo("test client");
        assertThat(cert.subject()).isEqualTo(
                "emailAddress=a@b.c,CN=test client,OU=Production,O=Server,ST=Nottinghamshire,C=GB");
    }

    @Test
    void identityWinsOverSubjectAndNeitherMeansNoUsername() throws Exception {
        PeerCertificate cert = new PeerCertificate("CN=alice,O=x", "alice");
        assertThat(cert.usernameFor(listener("use_identity_as_username true\nuse_subject_as_username true")))
                .contains("alice");
        assertThat(cert.usernameFor(listener("use_subject_as_username true"))).contains("CN=alice,O=x");
        assertThat(cert.usernameFor(listener(""))).isEmpty();
        assertThat(new PeerCertificate("O=x", null).usernameFor(listener("use_identity_as_username true")))
                .isEmpty();
    }

    private ListenerConfig listener(String lines) throws Exception {
        Path conf = dir.resolve("l.conf");
        Files.writeString(conf, "listener 8883\ncertfile /c\nkeyfile /k\ncafile /ca\nrequire_certificate true\n"
                + lines + "\n");
        return ConfigParser.parse(conf).listeners().getFirst();
    }
}
