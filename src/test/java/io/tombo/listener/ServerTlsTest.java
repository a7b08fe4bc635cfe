package io.tombo.listener;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import io.tombo.config.ConfigParser;
import io.tombo.config.ListenerConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Server contexts from each PEM key form OpenSSL writes, with the JDK and with OpenSSL (BoringSSL). */
class ServerTlsTest {
    @TempDir
    static Path dir;
    private static io.tombo.client.OpenSsl pki;

    @BeforeAll
    static void ca() throws Exception {
        pki = io.tombo.client.OpenSsl.ca(dir);
    }

    private static ListenerConfig listener(String name, String extra) throws Exception {
        Path conf = dir.resolve(name + ".conf");
        Files.writeString(conf, "listener 8883\ncertfile " + dir.resolve(name + ".pem") + "\nkeyfile "
                + dir.resolve(name + ".key") + "\n" + extra);
        return ConfigParser.parse(conf).listeners().getFirst();
    }

    @ParameterizedTest
    @EnumSource(value = io.tombo.client.OpenSsl.KeyForm.class, names = {"RSA_PKCS8", "RSA_PKCS1", "EC_SEC1", "EC_PKCS8"})
    void everyKeyFormLoadsWithBothProviders(io.tombo.client.OpenSsl.KeyForm form) throws Exception {
        String name = "server-" + form.name().toLowerCase();
        pki.leaf(name, form, "DNS:localhost");
        ListenerConfig l = listener(name, "cafile " + pki.caCert() + "\nrequire_certificate true\n");
        SslContext jdk = ServerTls.context(l, SslProvider.JDK);
        assertThat(jdk.isServer()).isTrue();
        if (OpenSsl.isAvailable()) {
            assertThat(ServerTls.context(l, SslProvider.OPENSSL).isServer()).isTrue();
        }
    }

    @Test
    void ed25519KeyLoadsWithWhicheverProviderTakesIt() throws Exception {
        pki.leaf("server-ed25519", io.tombo.client.OpenSsl.KeyForm.ED25519, "DNS:localhost");
        assertThat(ServerTls.load(listener("server-ed25519", "")).newHandler(
                io.netty.buffer.ByteBufAllocator.DEFAULT).engine().getUseClientMode()).isFalse();
    }

    @Test
    void openSslIsAvailableOnLinuxX8664() {
        // netty-tcnative-boringssl-static ships the native library for this platform; losing it silently would
        // switch every TLS listener to the JDK provider
        if ("amd64".equals(System.getProperty("os.arch")) && System.getProperty("os.name").startsWith("Linux")) {
            assertThat(OpenSsl.isAvailable()).as("OpenSSL provider: %s", OpenSsl.unavailabilityCause()).isTrue();
        }
    }

    @Test
    void unknownCipherIsAnErrorNamingTheListener() throws Exception {
        pki.leaf("ciphers", io.tombo.client.OpenSsl.KeyForm.EC_PKCS8, "DNS:localhost");
        ListenerConfig l = listener("ciphers", "ciphers ECDHE-RSA-AES128-GCM-SHA256:NOT-A-CIPHER\n");
        assertThatThrownBy(() -> ServerTls.context(l, SslProvider.JDK)).hasMessageContaining(l.source())
                .hasMessageContaining("unknown or unsupported cipher suite NOT-A-CIPHER");
    }

    @Test
    void missingKeyFileIsAnErrorNamingTheListener() throws Exception {
        pki.leaf("nokey", io.tombo.client.OpenSsl.KeyForm.EC_PKCS8, "DNS:localhost");
        Files.delete(dir.resolve("nokey.key"));
        ListenerConfig l = listener("nokey", "");
        assertThatThrownBy(() -> ServerTls.load(l)).hasMessageStartingWith(l.source() + ": cannot set up TLS:");
    }
}
