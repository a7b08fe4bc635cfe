package io.tombo.it.robust;

import io.tombo.it.BrokerUnderTest;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client made of a plain socket: it writes whatever bytes a test gives it and reads packets with socket
 * timeouts, never sleeping. It keeps no protocol state, so it can be as slow or as rude as a test needs.
 */
final class Peer implements AutoCloseable {
    static final Duration PATIENCE = Duration.ofSeconds(5);

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final java.util.ArrayDeque<Packet> early = new java.util.ArrayDeque<>();

    private Peer(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(new java.io.BufferedInputStream(socket.getInputStream(), 64 * 1024));
        this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
    }

    static Peer open(BrokerUnderTest broker) {
        return open(broker, 0);
    }

    /** Opens a socket to another listener of the broker (TLS, WebSocket) to speak raw bytes to it. */
    static Peer open(String host, int port) {
        try {
            Socket s = new Socket();
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), (int) PATIENCE.toMillis());
            return new Peer(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens a socket; a positive {@code receiveBuffer} sets SO_RCVBUF before connecting, so the window stays small. */
    static Peer open(BrokerUnderTest broker, int receiveBuffer) {
        try {
            Socket s = new Socket();
            if (receiveBuffer > 0) {
                s.setReceiveBufferSize(receiveBuffer);
            }
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(broker.host(), broker.port()), (int) PATIENCE.toMillis());
            return new Peer(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens a socket, sends CONNECT and expects CONNACK success. */
    static Peer connected(BrokerUnderTest broker, int version, String clientId) {
        return connected(broker, 0, Wire.connect(version, clientId));
    }

    static Peer connected(BrokerUnderTest broker, int receiveBuffer, byte[] connect) {
        Peer p = open(broker, receiveBuffer);
        p.send(connect);
        Packet ack = p.read();
        assertThat(ack.type()).as("CONNACK expected, got %s", ack).isEqualTo(Wire.CONNACK);
        assertThat(ack.body()[1]).as("CONNACK code").isZero();
        return p;
    }

    /**
     * Subscribes and expects a SUBACK granting {@code qos}. PUBLISHes arriving first (retained messages of an earlier
     * subscription, or live ones: the server may send them before SUBACK) are kept for the next reads.
     */
    Peer subscribe(int version, int packetId, String filter, int qos) {
        send(Wire.subscribe(version, packetId, filter, qos));
        Packet ack = fromSocket(PATIENCE);
        for (int i = 0; i < 1000 && ack != null && ack.type() == Wire.PUBLISH; i++) {
            early.addLast(ack);
            ack = fromSocket(PATIENCE);
        }
        assertThat(ack).as("SUBACK within %s", PATIENCE).isNotNull();
        assertThat(ack.type()).as("SUBACK expected, got %s", ack).isEqualTo(Wire.SUBACK);
        assertThat(ack.body()[ack.body().length - 1]).as("granted QoS").isEqualTo((byte) qos);
        return this;
    }

    Peer send(byte[] bytes) {
        write(bytes);
        flush();
        return this;
    }

    /** Buffers bytes without flushing, for floods. */
    void write(byte[] bytes) {
        try {
            out.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes and flushes, reporting instead of throwing when the broker has closed the connection. */
    boolean trySend(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    Packet read() {
        return read(PATIENCE);
    }

    Packet read(Duration timeout) {
        Packet p = poll(timeout);
        if (p == null) {
            throw new AssertionError("no packet within " + timeout.toMillis() + " ms");
        }
        return p;
    }

    /** Reads one packet, or null when none came within {@code timeout}. */
    Packet poll(Duration timeout) {
        if (!early.isEmpty()) {
            return early.pollFirst();
        }
        return fromSocket(timeout);
    }

    private Packet fromSocket(Duration timeout) {
        try {
            socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            int header = in.read();
            if (header < 0) {
                throw new AssertionError("connection closed by the broker while a packet was expected");
            }
            socket.setSoTimeout((int) PATIENCE.toMillis()); // the rest of a started packet is on its way
            int length = 0;
            int multiplier = 1;
            int digit;
            do {
                digit = in.readUnsignedByte();
                length += (digit & 0x7F) * multiplier;
                multiplier *= 128;
            } while ((digit & 0x80) != 0);
            byte[] body = new byte[length];
            in.readFully(body);
            return new Packet(header, body);
        } catch (SocketTimeoutException e) {
            return null;
        } catch (EOFException e) {
            throw new AssertionError("connection closed by the broker in the middle of a packet");
        } catch (IOException e) {
            throw new AssertionError("connection failed while a packet was expected: " + e);
        }
    }

    /** A PINGREQ answered by PINGRESP. */
    void ping() {
        send(Wire.pingreq());
        assertThat(read().type()).isEqualTo(Wire.PINGRESP);
    }

    /**
     * Waits until the broker closes the connection, skipping what it sends before; returns the packets' first
     * bytes seen on the way, or throws if it is still open after {@code timeout}.
     */
    String awaitClosed(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        StringBuilder seen = new StringBuilder();
        byte[] buf = new byte[8192];
        try {
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new AssertionError("broker did not close the connection within " + timeout.toMillis()
                            + " ms (it sent " + seen + ")");
                }
                socket.setSoTimeout((int) left);
                int n = in.read(buf);
                if (n < 0) {
                    return seen.toString();
                }
                if (seen.length() < 64) {
                    seen.append(String.format("%02x", buf[0] & 0xFF)).append(' ');
                }
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("broker did not close the connection within " + timeout.toMillis()
                    + " ms (it sent " + seen + ")");
        } catch (SocketException e) {
            return seen.toString(); // reset: closed as well
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closed already
        }
    }

    /** One packet from the broker. */
    record Packet(int header, byte[] body) {
        int type() {
            return header & 0xF0;
        }

        int qos() {
            return (header >> 1) & 3;
        }

        boolean dup() {
            return (header & 0x08) != 0;
        }

        String topic() {
            int len = ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
            return new String(body, 2, len, StandardCharsets.UTF_8);
        }

        /** Packet identifier of a QoS 1/2 PUBLISH. */
        int publishPacketId() {
            int at = 2 + topic().getBytes(StandardCharsets.UTF_8).length;
            return ((body[at] & 0xFF) << 8) | (body[at + 1] & 0xFF);
        }

        /** The payload of a PUBLISH, for the protocol {@code version} it was sent in. */
        byte[] payload(int version) {
            int at = 2 + topic().getBytes(StandardCharsets.UTF_8).length + (qos() > 0 ? 2 : 0);
            if (version == Wire.V5) {
                int propsLength = 0;
                int multiplier = 1;
                int digit;
                do {
                    digit = body[at++] & 0xFF;
                    propsLength += (digit & 0x7F) * multiplier;
                    multiplier *= 128;
                } while ((digit & 0x80) != 0);
                at += propsLength;
            }
            return java.util.Arrays.copyOfRange(body, at, body.length);
        }

        String payloadText(int version) {
            return new String(payload(version), StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(String.format("%02x", header));
            for (int i = 0; i < Math.min(body.length, 32); i++) {
                sb.append(String.format(" %02x", body[i]));
            }
            return sb.append(body.length > 32 ? " ..." : "").toString();
        }
    }
}
