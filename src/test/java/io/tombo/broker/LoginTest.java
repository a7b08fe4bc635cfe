package io.tombo.broker;

import io.tombo.codec.Connect;
import io.tombo.codec.Properties;
import io.tombo.codec.ProtocolVersion;
import io.tombo.config.ListenerConfig;
import io.tombo.security.PeerCertificate;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Where the username comes from: the CONNECT, or the client certificate on a listener that says so. */
class LoginTest {
    private static final Connect CONNECT = new Connect(ProtocolVersion.MQTT_5, "c", true, 60, "typed", new byte[] {1},
            null, Properties.EMPTY);
    private static final PeerCertificate CERT = new PeerCertificate("CN=device-7,O=Acme,C=DE", "device-7");

    @Test
    void aPlainListenerTakesTheUsernameFromConnect() {
        assertThat(Login.of(CONNECT, listener(false, false), CERT)).isEqualTo(new Login("typed", false));
    }

    @Test
    void useIdentityAsUsernameTakesTheCommonName() {
        assertThat(Login.of(CONNECT, listener(true, false), CERT)).isEqualTo(new Login("device-7", true));
        assertThat(Login.of(CONNECT, listener(true, true), CERT)).as("identity wins, as in Mosquitto")
                .isEqualTo(new Login("device-7", true));
    }

    @Test
    void useSubjectAsUsernameTakesTheWholeSubject() {
        assertThat(Login.of(CONNECT, listener(false, true), CERT))
                .isEqualTo(new Login("CN=device-7,O=Acme,C=DE", true));
    }

    @Test
    void withoutCertificateSuchAListenerHasNoLogin() {
        assertThat(Login.of(CONNECT, listener(true, false), null)).isNull();
        assertThat(Login.of(CONNECT, listener(true, false), new PeerCertificate("O=Acme", null))).isNull();
    }

    private static ListenerConfig listener(boolean identity, boolean subject) {
        ListenerConfig l = ListenerConfig.loopback("test", 0);
        return new ListenerConfig(l.source(), l.port(), l.bindAddress(), l.bindInterface(), l.unixSocketPath(),
                l.protocol(), l.maxConnections(), l.mountPoint(), l.allowAnonymous(), l.passwordFile(), l.aclFile(),
                l.useUsernameAsClientId(), l.cafile(), l.capath(), l.certfile(), l.keyfile(), l.crlfile(), true,
                identity, subject, l.tlsVersion(), l.ciphers(), l.httpDir(), l.proxyProtocol(),
                l.allowZeroLengthClientId(), l.autoIdPrefix(), l.maxQos(), l.maxTopicAlias(), l.socketDomain(),
                l.ciphersTls13(), l.inboundRate());
    }
}
