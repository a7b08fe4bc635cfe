package io.tombo.it.robust;

import io.tombo.client.OpenSsl;
import io.tombo.it.BrokerUnderTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The hostile-input suite over the other transports: TLS and WebSocket listeners get silent sockets, half TLS
 * handshakes, half HTTP upgrades, upgrades that never send CONNECT, random and truncated packets inside frames, an
 * oversized remaining length, frames claiming more than an unconnected client may send, and a flood of all of it at
 * once. Every bad connection is closed within {@code connect_timeout} (1 s here) or at once, the heap stays flat,
 * and a well-behaved client on the plain listener is served throughout. Tombo only: {@code connect_timeout} is a Tombo extension.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class HostileTransportsIT {
    private static final int FLOOD = 150;

    @TempDir
    static Path pkiDir;
    private static BrokerUnderTest broker;
    private static int tlsPort;
    private static int wsPort;

    @BeforeAll
    static void start() throws Exception {
        assumeFalse(BrokerUnderTest.isMosquitto(), "connect_timeout is a Tombo extension");
        OpenSsl pki = OpenSsl.ca(pkiDir);
        pki.leaf("server", OpenSsl.KeyForm.EC_PKCS8, "DNS:localhost,IP:127.0.0.1");
        tlsPort = BrokerUnderTest.freePort();
        wsPort = BrokerUnderTest.freePort();
        broker = BrokerUnderTest.start("connect_timeout 1\n"
                + "listener " + tlsPort + " 127.0.0.1\ncertfile " + pkiDir.resolve("server.pem") + "\nkeyfile "
                + pkiDir.resolve("server.key") + "\n"
                + "listener " + wsPort + " 127.0.0.1\nprotocol websockets\n");
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void slowlorisOverTlsAndWebSocketIsClosedAfterConnectTimeout() {
        List<Peer> peers = new ArrayList<>();
        try {
            peers.add(Peer.open("127.0.0.1", tlsPort)); // silent
            peers.add(Peer.open("127.0.0.1", tlsPort).send(halfClientHello()));
            peers.add(Peer.open("127.0.0.1", wsPort)); // silent
            peers.add(Peer.open("127.0.0.1", wsPort).send(Arrays.copyOf(upgrade(), 40)));
            Peer upgraded = Peer.open("127.0.0.1", wsPort).send(upgrade());
            peers.add(upgraded); // upgraded, then half a CONNECT and nothing more
            upgraded.send(frame(Arrays.copyOf(Wire.connect(Wire.V311, "slow"), 6)));
            Probe.roundTrip(broker);

            for (Peer p : peers) {
                p.awaitClosed(Duration.ofSeconds(6));
            }
        } finally {
            peers.forEach(Peer::close);
        }
    }

    @Test
    void garbageInsideWebSocketFramesClosesOnlyThatConnection() {
        Random random = new Random(6);
        for (int i = 0; i < 12; i++) {
            byte[] noise = new byte[1 + random.nextInt(300)];
            random.nextBytes(noise);
            byte[] packet = switch (i % 3) {
                case 0 -> noise; // random
                case 1 -> Arrays.copyOf(Wire.connect(Wire.V5, "t" + i), 9 + random.nextInt(5)); // truncated
                default -> Wire.concat(new byte[] {0x10, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F}, noise);
            };
            try (Peer p = Peer.open("127.0.0.1", wsPort).send(upgrade())) {
                p.send(frame(packet));
                p.awaitClosed(Duration.ofSeconds(6)); // truncated ones by connect_timeout
            }
        }
        Probe.roundTrip(broker);
    }

    @Test
    void frameClaimingMoreThanTheConnectLimitIsCutOff() {
        try (Peer p = Peer.open("127.0.0.1", wsPort).send(upgrade())) {
            // a binary frame header announcing 100 MiB, then a stream of bytes: closed after about 1 MiB
            ByteArrayOutputStream header = new ByteArrayOutputStream();
            header.writeBytes(new byte[] {(byte) 0x82, (byte) (0x80 | 127)});
            for (int shift = 56; shift >= 0; shift -= 8) {
                header.write((int) ((100L << 20) >>> shift));
            }
            header.writeBytes(new byte[4]);
            p.send(header.toByteArray());
            byte[] chunk = new byte[64 * 1024];
            int sent = 0;
            while (sent < 8 << 20 && p.trySend(chunk)) {
                sent += chunk.length;
            }
            p.awaitClosed(Duration.ofSeconds(6));
            assertThat(sent).as("bytes accepted before the close").isLessThan(8 << 20);
        }
        Probe.roundTrip(broker);
    }

    @Test
    void floodOfBadConnectionsOnEveryTransportLeavesTheBrokerServingAndTheHeapFlat() {
        long before = Probe.heapUsedAfterGcMiB();
        Random random = new Random(66);
        List<Peer> flood = new ArrayList<>();
        try {
            for (int i = 0; i < FLOOD; i++) {
                byte[] noise = new byte[1 + random.nextInt(2000)];
                random.nextBytes(noise);
                flood.add(Peer.open("127.0.0.1", tlsPort).send(noise));
                flood.add(Peer.open("127.0.0.1", wsPort).send(i % 2 == 0 ? noise : upgrade()));
            }
            Probe.roundTrip(broker);
            for (Peer p : flood) {
                p.awaitClosed(Duration.ofSeconds(8));
            }
        } finally {
            flood.forEach(Peer::close);
            flood.clear(); // each test-side Peer holds 128 KiB of buffers: not the broker's heap
        }
        Probe.roundTrip(broker);
        assertThat(Probe.heapUsedAfterGcMiB() - before).as("heap growth in MiB").isLessThan(32);
    }

    /** The start of a TLS 1.2 ClientHello record: a handshake that never completes. */
    private static byte[] halfClientHello() {
        return new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xFC, 0x03, 0x03};
    }

    private static byte[] upgrade() {
        return ("GET /mqtt HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Protocol: mqtt\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** A masked binary frame with a zero masking key, so the payload goes as it is. */
    private static byte[] frame(byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x82);
        if (payload.length < 126) {
            out.write(0x80 | payload.length);
        } else {
            out.write(0x80 | 126);
            out.write(payload.length >> 8);
            out.write(payload.length);
        }
        out.writeBytes(new byte[4]);
        out.writeBytes(payload);
        return out.toByteArray();
    }
}
