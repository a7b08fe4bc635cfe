package io.tombo.it.robust;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tombo.client.OpenSsl;
import io.tombo.client.TlsContexts;
import io.tombo.client.TlsOptions;
import io.tombo.it.BrokerUnderTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code enable_proxy_protocol 1|2} with headers written by hand as HAProxy sends them: the client address the
 * proxy reports is the one the broker logs; a header of the other version, a missing header or a garbled one
 * closes the connection before any MQTT is read; a v2 {@code LOCAL} header (the proxy's health check) keeps the
 * socket's own address; on a TLS listener the header comes first, then the handshake. Mosquitto 2.0.11 predates the PROXY protocol (2.1).
 */
@DisabledIf("io.tombo.it.robust.ProxyProtocolIT#mosquitto")
class ProxyProtocolIT {
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger handshake = (Logger) LoggerFactory.getLogger("io.tombo.broker.Handshake");
    private BrokerUnderTest broker;

    static boolean mosquitto() {
        return BrokerUnderTest.isMosquitto();
    }

    private ch.qos.logback.classic.Level level;

    @BeforeEach
    void capture() {
        log.start();
        level = handshake.getLevel();
        handshake.setLevel(ch.qos.logback.classic.Level.INFO);
        handshake.addAppender(log);
    }

    @AfterEach
    void stop() {
        handshake.detachAppender(log);
        handshake.setLevel(level);
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void versionOneHeaderNamesTheClient() {
        broker = BrokerUnderTest.start("enable_proxy_protocol 1");
        byte[] header = "PROXY TCP4 203.0.113.7 127.0.0.1 4242 1883\r\n".getBytes(StandardCharsets.US_ASCII);
        try (Peer p = Peer.connected(broker, 0, Wire.concat(header, Wire.connect(Wire.V311, "v1")))) {
            assertLogged("client=v1 remote=203.0.113.7:4242 connected");
        }
    }

    @Test
    void versionTwoHeaderNamesTheClient() {
        broker = BrokerUnderTest.start("enable_proxy_protocol 2");
        byte[] header = v2(0x21, new byte[] {(byte) 198, 51, 100, 9}, 5555);
        try (Peer p = Peer.connected(broker, 0, Wire.concat(header, Wire.connect(Wire.V5, "v2")))) {
            assertLogged("client=v2 remote=198.51.100.9:5555 connected");
        }
    }

    @Test
    void headerComesBeforeTheTlsHandshake(@TempDir Path dir) throws Exception {
        OpenSsl pki = OpenSsl.ca(dir);
        pki.leaf("server", OpenSsl.KeyForm.EC_PKCS8, "DNS:localhost");
        broker = BrokerUnderTest.start("certfile " + dir.resolve("server.pem") + "\nkeyfile "
                + dir.resolve("server.key") + "\nenable_proxy_protocol 2");
        SSLContext tls = TlsContexts.context(new TlsOptions(pki.caCert(), null, null, null, true, null));
        try (Socket plain = new Socket(broker.host(), broker.port())) {
            plain.getOutputStream().write(v2(0x21, new byte[] {(byte) 192, 0, 2, 33}, 6000));
            try (SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(plain, "localhost", broker.port(),
                    false)) {
                s.setSoTimeout(5000);
                s.getOutputStream().write(Wire.connect(Wire.V311, "over-tls"));
                byte[] connAck = s.getInputStream().readNBytes(4);
                assertThat(connAck).containsExactly(0x20, 2, 0, 0);
                assertLogged("client=over-tls remote=192.0.2.33:6000 connected");
            }
        }
    }

    @Test
    void localCommandKeepsTheSocketAddress() {
        broker = BrokerUnderTest.start("enable_proxy_protocol 2");
        try (Peer p = Peer.connected(broker, 0, Wire.concat(v2(0x20, new byte[4], 0),
                Wire.connect(Wire.V311, "local")))) {
            assertLogged("client=local remote=127.0.0.1:");
        }
    }

    @Test
    void headerOfTheOtherVersionIsRefused() {
        broker = BrokerUnderTest.start("enable_proxy_protocol 2");
        byte[] v1 = "PROXY TCP4 203.0.113.7 127.0.0.1 4242 1883\r\n".getBytes(StandardCharsets.US_ASCII);
        assertClosedWithoutConnAck(Wire.concat(v1, Wire.connect(Wire.V311, "wrong")));
    }

    @Test
    void missingOrGarbledHeaderIsRefused() {
        // without a header the decoder waits for a v1 line end (at most 107 bytes), then connect_timeout ends it
        broker = BrokerUnderTest.start("enable_proxy_protocol 1\nconnect_timeout 1");
        assertClosedWithoutConnAck(Wire.connect(Wire.V311, "no-header"));
        assertClosedWithoutConnAck(Wire.concat("PROXY TCP4 not-an-address 127.0.0.1 1 2\r\n"
                .getBytes(StandardCharsets.US_ASCII), Wire.connect(Wire.V311, "garbled")));
        assertClosedWithoutConnAck(new byte[200]); // never a line end: v1 gives up at 107 bytes
    }

    private void assertClosedWithoutConnAck(byte[] bytes) {
        try (Peer p = Peer.open(broker)) {
            p.send(bytes);
            assertThat(p.awaitClosed(Peer.PATIENCE)).as("bytes seen before the close").isEmpty();
        }
    }

    private void assertLogged(String fragment) {
        await().atMost(Duration.ofSeconds(5)).until(() -> log.list.stream()
                .anyMatch(e -> e.getFormattedMessage().contains(fragment)));
    }

    /** A PROXY v2 header: {@code command} 0x21 PROXY / 0x20 LOCAL, TCP over IPv4, to 127.0.0.1:1883. */
    private static byte[] v2(int command, byte[] source, int sourcePort) {
        ByteBuffer b = ByteBuffer.allocate(16 + 12);
        b.put(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A});
        b.put((byte) command).put((byte) 0x11).putShort((short) 12);
        b.put(source).put(new byte[] {127, 0, 0, 1}).putShort((short) sourcePort).putShort((short) 1883);
        return b.array();
    }
}
