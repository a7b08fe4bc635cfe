package io.tombo.it.persistence;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An MQTT 5.0 client in bytes, for what a library hides: the DUP flag and packet identifier of a resent PUBLISH,
 * a PUBLISH left unacknowledged on purpose, a resent PUBREL, session present, subscription options and identifiers,
 * will delay. Blocking, one thread; reads time out after {@code timeoutMillis}.
 */
final class Mqtt5 implements AutoCloseable {
    static final int PUBLISH = 3, PUBACK = 4, PUBREC = 5, PUBREL = 6, PUBCOMP = 7, SUBACK = 9;

    private final Socket socket;
    private final DataInputStream in;
    private final boolean sessionPresent;
    /** PUBLISH packets read while waiting for an acknowledgement, handed out by {@link #next} first. */
    private final java.util.ArrayDeque<Packet> stash = new java.util.ArrayDeque<>();

    record Will(String topic, String payload, int qos, long delaySeconds) {
    }

    record Packet(int type, int flags, byte[] body) {
    }

    /** A received PUBLISH, decoded. */
    record Publish(String topic, String payload, int qos, boolean dup, boolean retain, int packetId,
                   List<Integer> subscriptionIds) {
    }

    private Mqtt5(Socket socket, boolean sessionPresent) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.sessionPresent = sessionPresent;
    }

    /** CONNECT with keep alive 60; asserts CONNACK success. */
    static Mqtt5 connect(int port, String clientId, boolean cleanStart, long sessionExpiry, Will will) {
        try {
            Socket s = new Socket();
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(10_000);
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int flags = (cleanStart ? 0x02 : 0) | (will == null ? 0 : 0x04 | will.qos() << 3);
            b.writeBytes(new byte[] {0, 4, 'M', 'Q', 'T', 'T', 5, (byte) flags, 0, 60});
            ByteArrayOutputStream props = new ByteArrayOutputStream();
            props.write(0x11);
            fourBytes(props, sessionExpiry);
            varInt(b, props.size());
            b.writeBytes(props.toByteArray());
            string(b, clientId);
            if (will != null) {
                ByteArrayOutputStream wp = new ByteArrayOutputStream();
                wp.write(0x18);
                fourBytes(wp, will.delaySeconds());
                varInt(b, wp.size());
                b.writeBytes(wp.toByteArray());
                string(b, will.topic());
                string(b, will.payload());
            }
            write(s, 0x10, b.toByteArray());
            DataInputStream din = new DataInputStream(s.getInputStream());
            Packet p = read(din);
            assertThat(p).as("CONNACK").isNotNull();
            assertThat(p.type()).as("CONNACK type").isEqualTo(2);
            assertThat(p.body()[1]).as("CONNACK reason").isZero();
            return new Mqtt5(s, (p.body()[0] & 1) == 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean sessionPresent() {
        return sessionPresent;
    }

    /** SUBSCRIBE one filter with an options byte (QoS | no local 0x04 | retain as published 0x08 | handling << 4). */
    void subscribe(int packetId, String filter, int options, int subscriptionId) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(packetId >> 8);
        b.write(packetId);
        ByteArrayOutputStream props = new ByteArrayOutputStream();
        if (subscriptionId > 0) {
            props.write(0x0B);
            varInt(props, subscriptionId);
        }
        varInt(b, props.size());
        b.writeBytes(props.toByteArray());
        string(b, filter);
        b.write(options);
        write(socket, 0x82, b.toByteArray());
        Packet ack = expect(SUBACK);
        assertThat(ack.body()[ack.body().length - 1] & 0xFF).as("SUBACK reason for %s", filter).isLessThan(0x80);
    }

    /** PUBLISH; at QoS 1 waits for PUBACK (other packets in between are an error). */
    void publish(String topic, String payload, int qos, boolean retain, int packetId) throws IOException {
        send(topic, payload, qos, retain, packetId, false);
        if (qos == 1) {
            expect(PUBACK);
        } else if (qos == 2) {
            expect(PUBREC);
            pubrel(packetId);
            expect(PUBCOMP);
        }
    }

    /** PUBLISH only: the caller reads the acknowledgements. */
    void send(String topic, String payload, int qos, boolean retain, int packetId, boolean dup) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        string(b, topic);
        if (qos > 0) {
            b.write(packetId >> 8);
            b.write(packetId);
        }
        b.write(0); // no properties
        b.writeBytes(payload.getBytes(StandardCharsets.UTF_8));
        write(socket, 0x30 | (dup ? 0x08 : 0) | qos << 1 | (retain ? 1 : 0), b.toByteArray());
    }

    void pubrel(int packetId) throws IOException {
        write(socket, 0x62, new byte[] {(byte) (packetId >> 8), (byte) packetId});
    }

    void puback(int packetId) throws IOException {
        write(socket, 0x40, new byte[] {(byte) (packetId >> 8), (byte) packetId});
    }

    void pubrec(int packetId) throws IOException {
        write(socket, 0x50, new byte[] {(byte) (packetId >> 8), (byte) packetId});
    }

    void pubcomp(int packetId) throws IOException {
        write(socket, 0x70, new byte[] {(byte) (packetId >> 8), (byte) packetId});
    }

    /** DISCONNECT with reason 0 (the will is discarded). */
    void disconnect() throws IOException {
        write(socket, 0xE0, new byte[] {0});
    }

    /** The next packet, or null when nothing arrives within {@code millis} or the connection closed. */
    Packet next(int millis) throws IOException {
        if (!stash.isEmpty()) {
            return stash.poll();
        }
        socket.setSoTimeout(millis);
        try {
            return read(in);
        } catch (SocketTimeoutException e) {
            return null;
        } finally {
            socket.setSoTimeout(10_000);
        }
    }

    /** The next packet of {@code type}; PUBLISH packets before it are kept for {@link #next}. */
    Packet expect(int type) throws IOException {
        while (true) {
            Packet p = type == PUBLISH && !stash.isEmpty() ? stash.poll() : read(in);
            assertThat(p).as("packet %d; null means the broker closed the connection", type).isNotNull();
            if (p.type() == type) {
                return p;
            }
            assertThat(p.type()).as("packet type while waiting for %d", type).isEqualTo(PUBLISH);
            stash.add(p);
        }
    }

    static int packetId(Packet p) {
        return (p.body()[0] & 0xFF) << 8 | (p.body()[1] & 0xFF);
    }

    static Publish decode(Packet p) {
        assertThat(p.type()).as("PUBLISH").isEqualTo(PUBLISH);
        byte[] b = p.body();
        int[] pos = {0};
        String topic = readString(b, pos);
        int qos = (p.flags() >> 1) & 3;
        int id = 0;
        if (qos > 0) {
            id = (b[pos[0]] & 0xFF) << 8 | (b[pos[0] + 1] & 0xFF);
            pos[0] += 2;
        }
        int propsLength = readVarInt(b, pos);
        int end = pos[0] + propsLength;
        List<Integer> subIds = new ArrayList<>();
        while (pos[0] < end) {
            int prop = b[pos[0]++] & 0xFF;
            switch (prop) {
                case 0x01 -> pos[0] += 1; // payload format
                case 0x02 -> pos[0] += 4; // message expiry
                case 0x23 -> pos[0] += 2; // topic alias
                case 0x03, 0x08 -> readString(b, pos); // content type, response topic
                case 0x09 -> pos[0] += 2 + ((b[pos[0]] & 0xFF) << 8 | (b[pos[0] + 1] & 0xFF)); // correlation data
                case 0x0B -> subIds.add(readVarInt(b, pos));
                case 0x26 -> {
                    readString(b, pos);
                    readString(b, pos);
                }
                default -> throw new AssertionError("unexpected PUBLISH property 0x" + Integer.toHexString(prop));
            }
        }
        String payload = new String(b, end, b.length - end, StandardCharsets.UTF_8);
        return new Publish(topic, payload, qos, (p.flags() & 8) != 0, (p.flags() & 1) != 0, id, List.copyOf(subIds));
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    private static Packet read(DataInputStream in) throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        int length = 0;
        for (int shift = 0; ; shift += 7) {
            int d = in.readUnsignedByte();
            length |= (d & 0x7F) << shift;
            if ((d & 0x80) == 0) {
                break;
            }
        }
        byte[] body = new byte[length];
        in.readFully(body);
        return new Packet(first >> 4, first & 0x0F, body);
    }

    private static void write(Socket s, int firstByte, byte[] body) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(firstByte);
        varInt(b, body.length);
        b.writeBytes(body);
        s.getOutputStream().write(b.toByteArray());
        s.getOutputStream().flush();
    }

    private static void varInt(ByteArrayOutputStream b, int n) {
        do {
            int digit = n % 128;
            n /= 128;
            b.write(n > 0 ? digit | 0x80 : digit);
        } while (n > 0);
    }

    private static void fourBytes(ByteArrayOutputStream b, long v) {
        b.write((int) (v >> 24));
        b.write((int) (v >> 16));
        b.write((int) (v >> 8));
        b.write((int) v);
    }

    private static void string(ByteArrayOutputStream b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        b.write(bytes.length >> 8);
        b.write(bytes.length);
        b.writeBytes(bytes);
    }

    private static String readString(byte[] b, int[] pos) {
        int len = (b[pos[0]] & 0xFF) << 8 | (b[pos[0] + 1] & 0xFF);
        String s = new String(b, pos[0] + 2, len, StandardCharsets.UTF_8);
        pos[0] += 2 + len;
        return s;
    }

    private static int readVarInt(byte[] b, int[] pos) {
        int value = 0;
        for (int shift = 0; ; shift += 7) {
            int d = b[pos[0]++] & 0xFF;
            value |= (d & 0x7F) << shift;
            if ((d & 0x80) == 0) {
                return value;
            }
        }
    }
}
