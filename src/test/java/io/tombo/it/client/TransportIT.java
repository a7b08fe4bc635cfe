package io.tombo.it.client;

import io.tombo.client.ClientOptions;
import io.tombo.client.MqttClient;
import io.tombo.client.MqttException;
import io.tombo.client.OpenSsl;
import io.tombo.client.TlsOptions;
import io.tombo.client.Transport;
import io.tombo.codec.ProtocolVersion;
import io.tombo.codec.QoS;
import io.tombo.codec.Subscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static io.tombo.it.client.Inbox.bytes;
import static io.tombo.it.client.Inbox.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every transport: Unix sockets against both brokers; TLS and WebSocket (plain and TLS) against mosquitto only, since
 * Tombo's broker has no TLS or WebSocket listener yet. The PKI is made with openssl for this class: a CA, a server
 * certificate for {@code localhost} only (so 127.0.0.1 fails the name check), and client certificates whose keys are
 * in PKCS#1 RSA and SEC1 EC form.
 */
class TransportIT {
    /**
     * Spans two of the client's 64 KiB outbound frames and many of mosquitto's small ones inbound [MQTT-6.0.0-2].
     * Not larger: Debian's mosquitto 2.0.11 sends to WebSocket subscribers at about 40 KiB/s (Python paho over
     * WebSocket measures the same), so a MiB would take 25 seconds per message.
     */
    private static final int WS_PAYLOAD = 70_000;
    @TempDir
    static Path pkiDir;
    private static OpenSsl pki;
    private static TestBroker mosquitto;
    private static int tlsPort;
    private static int mutualTlsPort;
    private static int wsPort;
    private static int wssPort;

    @BeforeAll
    static void startMosquittoWithEveryListener() throws Exception {
        pki = OpenSsl.ca(pkiDir);
        pki.leaf("server", OpenSsl.KeyForm.RSA_PKCS8, "DNS:localhost");
        pki.leaf("client-rsa", OpenSsl.KeyForm.RSA_PKCS1, "DNS:client");
        pki.leaf("client-ec", OpenSsl.KeyForm.EC_SEC1, "DNS:client");
        tlsPort = TestBroker.freePort();
        mutualTlsPort = TestBroker.freePort();
        wsPort = TestBroker.freePort();
        wssPort = TestBroker.freePort();
        String tls = "cafile " + pki.caCert() + "\ncertfile " + pkiDir.resolve("server.pem")
                + "\nkeyfile " + pkiDir.resolve("server.key") + "\n";
        mosquitto = TestBroker.startWith(TestBroker.Kind.MOSQUITTO, port -> String.join("\n",
                "listener " + port + " 127.0.0.1",
                "listener " + tlsPort + " 127.0.0.1", tls,
                "listener " + mutualTlsPort + " 127.0.0.1", tls + "require_certificate true",
                "listener " + wsPort + " 127.0.0.1", "protocol websockets",
                "listener " + wssPort + " 127.0.0.1", "protocol websockets", tls,
                "allow_anonymous true"));
    }

    @AfterAll
    static void stopMosquitto() {
        if (mosquitto != null) {
            mosquitto.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tombo.it.client.Matrix#brokers")
    void unixSocket(TestBroker.Kind kind) throws Exception {
        Path dir = Files.createTempDirectory("tombo-unix");
        Path socket = dir.resolve("mqtt.sock");
        try (TestBroker broker = TestBroker.start(kind, "listener 0 " + socket)) {
            ClientOptions.Builder unix = ClientOptions.builder().unixSocket(socket).connectTimeout(Duration.ofSeconds(5));
            roundTrip(unix.clientId("unix-sub").build(), unix.clientId("unix-pub").build(), 100_000);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tlsv1.2", "tlsv1.3"})
    void tlsWithCaFileAndHostNameCheck(String version) throws Exception {
        roundTrip(tls("localhost", tlsPort, new TlsOptions(pki.caCert(), null, null, null, false, version)), 100_000);
    }

    @Test
    void tlsWithCaPathDirectory() throws Exception {
        Path capath = Files.createDirectories(pkiDir.resolve("capath"));
        Files.copy(pki.caCert(), capath.resolve("ca.pem"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        roundTrip(tls("localhost", tlsPort, new TlsOptions(null, capath, null, null, false, null)), 10);
    }

    @Test
    void tlsHostNameMismatchFailsUnlessInsecure() throws Exception {
        // the certificate names localhost only
        assertThatThrownBy(() -> MqttClient.connect(tls("127.0.0.1", tlsPort,
                new TlsOptions(pki.caCert(), null, null, null, false, null))))
                .isInstanceOf(MqttException.class).hasMessageStartingWith("TLS handshake failed");
        roundTrip(tls("127.0.0.1", tlsPort, new TlsOptions(pki.caCert(), null, null, null, true, null)), 10);
    }

    @Test
    void insecureStillVerifiesTheChain() throws Exception {
        Path otherDir = Files.createDirectories(pkiDir.resolve("other-ca"));
        OpenSsl other = OpenSsl.ca(otherDir);
        assertThatThrownBy(() -> MqttClient.connect(tls("localhost", tlsPort,
                new TlsOptions(other.caCert(), null, null, null, true, null))))
                .isInstanceOf(MqttException.class).hasMessageStartingWith("TLS handshake failed");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"client-rsa", "client-ec"})
    void clientCertificateWithTraditionalKeyFormats(String name) throws Exception {
        TlsOptions withCert = new TlsOptions(pki.caCert(), null, pkiDir.resolve(name + ".pem"),
                pkiDir.resolve(name + ".key"), false, null);
        roundTrip(tls("localhost", mutualTlsPort, withCert), 10);
    }

    @Test
    void listenerRequiringACertificateRefusesAClientWithout() {
        TlsOptions noCert = new TlsOptions(pki.caCert(), null, null, null, false, "tlsv1.2");
        assertThatThrownBy(() -> MqttClient.connect(tls("localhost", mutualTlsPort, noCert)))
                .isInstanceOf(MqttException.class);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = ProtocolVersion.class, names = {"MQTT_3_1_1", "MQTT_5"})
    void webSocketCarriesPacketsAcrossFrames(ProtocolVersion version) throws Exception {
        ClientOptions.Builder ws = ClientOptions.builder().transport(Transport.WEBSOCKET).host("127.0.0.1")
                .port(wsPort).version(version).connectTimeout(Duration.ofSeconds(5));
        roundTrip(ws.clientId("ws-sub").build(), ws.clientId("ws-pub").build(), WS_PAYLOAD);
    }

    @Test
    void webSocketOverTls() throws Exception {
        ClientOptions.Builder wss = ClientOptions.builder().transport(Transport.WEBSOCKET_TLS).host("localhost")
                .port(wssPort).tls(new TlsOptions(pki.caCert(), null, null, null, false, null))
                .connectTimeout(Duration.ofSeconds(5));
        roundTrip(wss.clientId("wss-sub").build(), wss.clientId("wss-pub").build(), WS_PAYLOAD);
    }

    private static ClientOptions tls(String host, int port, TlsOptions tls) {
        return ClientOptions.builder().transport(Transport.TLS).host(host).port(port).tls(tls).clientId("tls")
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** One client subscribes and publishes to itself. */
    private static void roundTrip(ClientOptions options, int payloadSize) throws Exception {
        roundTrip(options, null, payloadSize);
    }

    /** {@code sub} subscribes, {@code pub} (or {@code sub} itself) publishes QoS 0, 1 and 2; all arrive intact. */
    private static void roundTrip(ClientOptions sub, ClientOptions pub, int payloadSize) throws Exception {
        byte[] payload = new byte[payloadSize];
        new Random(7).nextBytes(payload);
        try (MqttClient s = MqttClient.connect(sub);
             MqttClient p = pub == null ? s : MqttClient.connect(pub)) {
            Inbox inbox = new Inbox();
            s.subscribe(List.of(new Subscription("transport/#", QoS.EXACTLY_ONCE)), inbox).get(10, TimeUnit.SECONDS);
            for (QoS qos : QoS.values()) {
                p.publish("transport/" + qos.value(), payload, qos, false).get(20, TimeUnit.SECONDS);
                assertThat(inbox.next().payload()).isEqualTo(payload);
            }
            p.publish("transport/text", bytes("done"), QoS.AT_LEAST_ONCE, false).get(10, TimeUnit.SECONDS);
            assertThat(text(inbox.next())).isEqualTo("done");
            if (p != s) {
                p.close();
            }
        }
    }
}
