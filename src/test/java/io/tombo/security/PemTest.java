package io.tombo.security;

import io.tombo.client.OpenSsl;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** PEM certificates and every unencrypted private key form OpenSSL 3 writes, read with the JDK alone. */
class PemTest {
    @TempDir
    static Path dir;
    private static OpenSsl pki;

    @BeforeAll
    static void makeCa() throws Exception {
        pki = OpenSsl.ca(dir);
    }

    @ParameterizedTest
    @EnumSource(OpenSsl.KeyForm.class)
    void keyOfEachFormMatchesItsCertificate(OpenSsl.KeyForm form) throws Exception {
        String name = "leaf-" + form.name().toLowerCase();
        Path cert = pki.leaf(name, form, "DNS:localhost");

        PrivateKey key = Pem.privateKey(dir.resolve(name + ".key"));
        X509Certificate certificate = Pem.certificates(cert).getFirst();

        assertThat(signsFor(key, certificate.getPublicKey())).isTrue();
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=" + name);
        certificate.verify(Pem.certificates(pki.caCert()).getFirst().getPublicKey());
    }

    @Test
    void keyFileFormsAreTheOnesOpenSslWrites() throws Exception {
        assertThat(Files.readString(pki.key("p1", OpenSsl.KeyForm.RSA_PKCS1))).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(Files.readString(pki.key("s1", OpenSsl.KeyForm.EC_SEC1))).startsWith("-----BEGIN EC PRIVATE KEY-----");
        assertThat(Files.readString(pki.key("p8", OpenSsl.KeyForm.RSA_PKCS8))).startsWith("-----BEGIN PRIVATE KEY-----");
    }

    @Test
    void certificateChainFileKeepsItsOrder() throws Exception {
        Path leaf = pki.leaf("chained", OpenSsl.KeyForm.EC_SEC1, "DNS:localhost");
        Path chain = dir.resolve("chain.pem");
        Files.writeString(chain, Files.readString(leaf) + Files.readString(pki.caCert()));

        List<X509Certificate> certs = Pem.certificates(chain);

        assertThat(certs).extracting(c -> c.getSubjectX500Principal().getName())
                .containsExactly("CN=chained", "CN=Tombo Test CA");
    }

    @Test
    void caPathDirectoryYieldsItsCertificatesAndSkipsOtherFiles() throws Exception {
        Path capath = Files.createDirectories(dir.resolve("capath"));
        Files.copy(pki.caCert(), capath.resolve("ca.pem"));
        Files.writeString(capath.resolve("README"), "not a certificate");

        assertThat(Pem.certificatesIn(capath)).hasSize(1);
    }

    @Test
    void encryptedKeyIsRefusedWithAHint() throws Exception {
        pki.run("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-aes256", "-pass", "pass:secret",
                "-out", "encrypted.key");
        pki.run("genrsa", "-traditional", "-aes256", "-passout", "pass:secret", "-out", "encrypted-rsa.key", "2048");

        assertThatThrownBy(() -> Pem.privateKey(dir.resolve("encrypted.key")))
                .hasMessageContaining("encrypted private key").hasMessageContaining("openssl pkey");
        assertThatThrownBy(() -> Pem.privateKey(dir.resolve("encrypted-rsa.key")))
                .hasMessageContaining("encrypted private key");
    }

    @Test
    void fileWithoutAKeyOrCertificateIsAClearError() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "nothing here\n");

        assertThatThrownBy(() -> Pem.privateKey(empty)).hasMessageContaining("no private key");
        assertThatThrownBy(() -> Pem.certificates(empty)).hasMessageContaining("no certificate");
    }

    private static boolean signsFor(PrivateKey key, PublicKey publicKey) throws Exception {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm(); // Ed25519 / EdDSA
        };
        byte[] data = "tombo".getBytes();
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(data);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(publicKey);
        verifier.update(data);
        return verifier.verify(signature);
    }
}
