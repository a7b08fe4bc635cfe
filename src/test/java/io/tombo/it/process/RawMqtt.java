package io.tombo.it.process;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Just enough MQTT in bytes to hold a connection open and see exactly what the broker sends when it stops: a
 * CONNECT for 3.1.1 or 5.0 and a reader of whole packets.
 */
final class RawMqtt implements AutoCloseable {
    static final int CONNACK = 2;
    static final int PINGRESP = 13;
    static final int DISCONNECT = 14;

    private final Socket socket;
    private final DataInputStream in;

    private RawMqtt(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
    }

    /** Connects with clean start, keep alive 60 and {@code clientId}; asserts a successful CONNACK. */
    static RawMqtt connect(int port, int protocolLevel, String clientId) {
        try {
            Socket s = new Socket();
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout((int) Program.TIMEOUT.toMillis());
            RawMqtt c = new RawMqtt(s);
            c.send(0x10, connectBody(protocolLevel, clientId));
            Packet connAck = c.read();
            assertThat(connAck.type()).as("CONNACK").isEqualTo(CONNACK);
            assertThat(connAck.body()[1]).as("CONNACK return/reason code").isZero();
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] connectBody(int level, String clientId) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {0, 4, 'M', 'Q', 'T', 'T', (byte) level, 0x02, 0, 60});
        if (level == 5) {
            b.write(0); // no properties
        }
        byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
        b.write(id.length >> 8);
        b.write(id.length);
        b.writeBytes(id);
        return b.toByteArray();
    }

    /** The next packet, or null when the broker closed the connection (a reset is an exception). */
    Packet read() throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        int length = 0;
        for (int shift = 0; ; shift += 7) {
            int b = in.readUnsignedByte();
            length |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
        }
        byte[] body = new byte[length];
        try {
            in.readFully(body);
        } catch (EOFException e) {
            throw new IOException("connection closed inside a packet", e);
        }
        return new Packet(first >> 4, body);
    }

    /** PINGREQ, and asserts that the next packet is PINGRESP: the connection is alive both ways. */
    void ping() throws IOException {
        send(0xC0, new byte[0]);
        Packet p = read();
        assertThat(p).as("PINGRESP; null means the broker closed the connection").isNotNull();
        assertThat(p.type()).as("packet type after PINGREQ").isEqualTo(PINGRESP);
    }

    private void send(int firstByte, byte[] body) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(firstByte);
        int n = body.length;
        do {
            int digit = n % 128;
            n /= 128;
            b.write(n > 0 ? digit | 0x80 : digit);
        } while (n > 0);
        b.writeBytes(body);
        socket.getOutputStream().write(b.toByteArray());
        socket.getOutputStream().flush();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed by the broker
        }
    }

    record Packet(int type, byte[] body) {
    }
}
