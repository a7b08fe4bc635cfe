package io.tombo.it.interop;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A CONNECT written in bytes over a plain socket, for the one thing no client library does on demand: vanish
 * without a DISCONNECT so that the broker must publish the Will [MQTT-3.1.2-8]. Closing the socket after CONNACK is
 * the abrupt network close a crashed device produces.
 */
final class RawConnect {
    /** Protocol name and level as the CONNECT variable header carries them. */
    enum Version {
        V3_1("MQIsdp", 3), V3_1_1("MQTT", 4), V5("MQTT", 5);

        final String protocolName;
        final int level;

        Version(String protocolName, int level) {
            this.protocolName = protocolName;
            this.level = level;
        }
    }

    private RawConnect() {
    }

    /**
     * Connects with a clean session and a Will, and returns the open socket after a successful CONNACK. The caller
     * closes it to simulate the crash.
     */
    static Socket withWill(int port, Version version, String clientId, String willTopic, byte[] willPayload,
                           int willQos, boolean willRetain) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, version.protocolName);
        body.write(version.level);
        int flags = 0x02 | 0x04 | (willQos << 3) | (willRetain ? 0x20 : 0);
        body.write(flags);
        body.write(0);
        body.write(60); // keep alive: long enough that the test, not a keep-alive timeout, ends the connection
        if (version == Version.V5) {
            body.write(0); // no CONNECT properties
        }
        writeString(body, clientId);
        if (version == Version.V5) {
            body.write(0); // no Will properties
        }
        writeString(body, willTopic);
        body.write(willPayload.length >> 8);
        body.write(willPayload.length & 0xFF);
        body.write(willPayload);

        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(5_000);
        var out = socket.getOutputStream();
        out.write(0x10);
        writeRemainingLength(out, body.size());
        body.writeTo(out);
        out.flush();

        DataInputStream in = new DataInputStream(socket.getInputStream());
        int type = in.readUnsignedByte();
        byte[] connAck = in.readNBytes(readRemainingLength(in));
        if (type != 0x20 || connAck.length < 2 || connAck[1] != 0) {
            socket.close();
            throw new IOException("connection refused: type=" + type + " code=" + (connAck.length > 1 ? connAck[1] : -1));
        }
        return socket;
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(b.length >> 8);
        out.write(b.length & 0xFF);
        out.writeBytes(b);
    }

    private static void writeRemainingLength(java.io.OutputStream out, int length) throws IOException {
        do {
            int digit = length & 0x7F;
            length >>>= 7;
            out.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
    }

    private static int readRemainingLength(DataInputStream in) throws IOException {
        int value = 0;
        for (int shift = 0; shift < 28; shift += 7) {
            int b = in.readUnsignedByte();
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("malformed Remaining Length");
    }
}
