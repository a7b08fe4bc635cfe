package io.tombo.it.raw;

import io.tombo.it.BrokerUnderTest;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A test client that speaks MQTT in bytes over a plain socket: write bytes, read exactly one packet with a timeout,
 * expect the broker to close the connection. It holds no protocol state, so a test can send anything, including what
 * no real client would. Waiting is done by socket read timeouts, never by sleeping.
 */
final class RawClient implements AutoCloseable {
    /** How long to wait for a packet the broker must send. */
    static final Duration PATIENCE = Duration.ofSeconds(3);
    /** How long to listen before concluding that nothing is coming. Keep such checks rare. */
    static final Duration QUIET = Duration.ofMillis(300);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        socket.setTcpNoDelay(true);
    }

    static RawClient open(BrokerUnderTest broker) {
        try {
            return new RawClient(new Socket(broker.host(), broker.port()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens a connection, sends a clean CONNECT and expects it accepted. */
    static RawClient connected(BrokerUnderTest broker, int version, String clientId) {
        return connected(broker, Packets.connect(version, clientId));
    }

    static RawClient connected(BrokerUnderTest broker, Packets.Connect connect) {
        RawClient c = open(broker);
        c.send(connect.bytes());
        Received connack = c.read();
        assertThat(connack.type()).as("CONNACK expected, got %s", connack).isEqualTo(Packets.CONNACK);
        assertThat(connack.connackCode()).as("CONNACK code in %s", connack).isZero();
        return c;
    }

    RawClient send(byte[]... packets) {
        try {
            for (byte[] p : packets) {
                out.write(p);
            }
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one packet, failing if none arrives within {@link #PATIENCE}. */
    Received read() {
        return read(PATIENCE);
    }

    Received read(Duration timeout) {
        try {
            socket.setSoTimeout((int) timeout.toMillis());
            int header = in.read();
            if (header < 0) {
                throw new AssertionError("connection closed by broker while a packet was expected");
            }
            int length = 0;
            int multiplier = 1;
            int digit;
            do {
                digit = readByte();
                length += (digit & 0x7F) * multiplier;
                multiplier *= 128;
            } while ((digit & 0x80) != 0);
            return new Received(header, in.readNBytes(length));
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no packet within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            throw new AssertionError("connection failed while a packet was expected: " + e);
        }
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException();
        }
        return b;
    }

    /** Subscribes to one filter and expects it granted at the QoS asked for. */
    RawClient subscribe(int version, int packetId, String filter, int options) {
        send(Packets.subscribe(version, packetId, filter, options));
        expect(Packets.suback(version, packetId, options & 3));
        return this;
    }

    /**
     * Sends a PUBLISH and completes the sender's side of its QoS flow (4.3.2, 4.3.3). A 5.0 broker may acknowledge
     * with 0x10 "No matching subscribers" (Mosquitto does, for PUBACK); either success code is accepted here.
     */
    RawClient publish(Packets.Publish publish, int qos, int packetId) {
        send(publish.qos(qos, packetId).bytes());
        if (qos == 1) {
            expectAck(Packets.PUBACK, packetId);
        } else if (qos == 2) {
            expectAck(Packets.PUBREC, packetId);
            send(Packets.pubrel(packetId));
            expect(Packets.pubcomp(packetId));
        }
        return this;
    }

    private void expectAck(int type, int packetId) {
        Received ack = expectType(type);
        assertThat(ack.packetId()).as("packet id of %s", ack).isEqualTo(packetId);
        assertThat(ack.ackReason()).as("reason code of %s", ack).isIn(0x00, 0x10);
    }

    /** Completes the receiver's side of the QoS flow of a PUBLISH just read. */
    RawClient acknowledge(Received.PublishView publish) {
        if (publish.qos() == 1) {
            send(Packets.puback(publish.packetId()));
        } else if (publish.qos() == 2) {
            send(Packets.pubrec(publish.packetId()));
            expect(Packets.pubrel(publish.packetId()));
            send(Packets.pubcomp(publish.packetId()));
        }
        return this;
    }

    /** Reads one packet and compares it byte for byte. */
    Received expect(byte[] expected) {
        Received got = read();
        assertThat(got.hex()).isEqualTo(Packets.hex(expected));
        return got;
    }

    /** Reads one packet of the given type (the first byte's high nibble). */
    Received expectType(int type) {
        Received got = read();
        assertThat(got.type()).as("packet type of %s", got).isEqualTo(type & 0xF0);
        return got;
    }

    /** The broker closes the connection without sending anything else. */
    void expectClosed() {
        expectClosedWithin(PATIENCE);
    }

    void expectClosedWithin(Duration timeout) {
        try {
            socket.setSoTimeout((int) timeout.toMillis());
            int b = in.read();
            if (b >= 0) {
                Received extra = new Received(b, in.readAllBytes());
                throw new AssertionError("expected the broker to close, but it sent " + extra.hex());
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("broker did not close the connection within " + timeout.toMillis() + " ms");
        } catch (SocketException e) {
            // connection reset: the broker closed too
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * For 5.0 the broker may send DISCONNECT with {@code reason} before closing ([MQTT-4.13.1-1]: "MAY send");
     * for 3.1.1 there is no such packet, so it just closes.
     */
    void expectDisconnectOrClose(int version, int reason) {
        expectDisconnectOrClose(version, reason, PATIENCE);
    }

    void expectDisconnectOrClose(int version, int reason, Duration timeout) {
        if (version != Packets.V5) {
            expectClosedWithin(timeout);
            return;
        }
        try {
            socket.setSoTimeout((int) timeout.toMillis());
            int b = in.read();
            if (b < 0) {
                return;
            }
            Received got = new Received(b, readBody());
            assertThat(got.type()).as("DISCONNECT expected before close, got %s", got).isEqualTo(Packets.DISCONNECT);
            assertThat(got.disconnectReason()).as("reason code of %s", got).isEqualTo(reason);
            expectClosed();
        } catch (SocketTimeoutException e) {
            throw new AssertionError("broker neither disconnected nor closed within " + timeout.toMillis() + " ms");
        } catch (SocketException e) {
            // reset: closed
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] readBody() throws IOException {
        int length = 0;
        int multiplier = 1;
        int digit;
        do {
            digit = readByte();
            length += (digit & 0x7F) * multiplier;
            multiplier *= 128;
        } while ((digit & 0x80) != 0);
        return in.readNBytes(length);
    }

    /**
     * A refused CONNECT: for 5.0 the broker may answer CONNACK with {@code reason} ([MQTT-3.2.2-8]) before closing;
     * for 3.1.1 there is no code for protocol errors, so it closes without CONNACK.
     */
    void expectConnectRefused(int version, int reason) {
        if (version != Packets.V5) {
            expectClosed();
            return;
        }
        Received got;
        try {
            socket.setSoTimeout((int) PATIENCE.toMillis());
            int b = in.read();
            if (b < 0) {
                return;
            }
            got = new Received(b, readBody());
        } catch (SocketTimeoutException e) {
            throw new AssertionError("broker neither refused nor closed within " + PATIENCE.toMillis() + " ms");
        } catch (IOException e) {
            return;
        }
        assertThat(got.type()).as("CONNACK expected before close, got %s", got).isEqualTo(Packets.CONNACK);
        assertThat(got.connackCode()).as("reason code of %s", got).isEqualTo(reason);
        expectClosed();
    }

    /** Nothing arrives within {@link #QUIET}. */
    void expectNothing() {
        try {
            socket.setSoTimeout((int) QUIET.toMillis());
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("expected silence, but the broker closed the connection");
            }
            throw new AssertionError("expected silence, but the broker sent " + new Received(b, readBody()).hex());
        } catch (SocketTimeoutException e) {
            // silence, as expected
        } catch (IOException e) {
            throw new AssertionError("expected silence, but the connection failed: " + e);
        }
    }

    /** Whether the broker has closed this connection (non-blocking beyond a short poll). */
    boolean isClosedByBroker() {
        try {
            socket.setSoTimeout(50);
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** Closes the socket without DISCONNECT: an unexpected drop as far as the broker can tell. */
    void drop() {
        close();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
