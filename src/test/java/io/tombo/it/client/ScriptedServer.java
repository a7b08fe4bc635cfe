package io.tombo.it.client;

import io.tombo.codec.ConnAck;
import io.tombo.codec.Connect;
import io.tombo.codec.Packet;
import io.tombo.codec.PacketEncoder;
import io.tombo.codec.PacketReader;
import io.tombo.codec.Properties;
import io.tombo.codec.ProtocolVersion;
import io.tombo.codec.ReasonCode;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server that does exactly what the test says, for behaviour no real broker shows on demand: a server that stops
 * answering PINGREQ, sends DISCONNECT with a Reason String, uses topic aliases, repeats a QoS 2 PUBLISH, or announces
 * small limits. It speaks through Tombo's codec; every read is bounded.
 */
final class ScriptedServer implements AutoCloseable {
    private final ServerSocket socket;

    ScriptedServer() throws IOException {
        socket = new ServerSocket(0);
        socket.setSoTimeout((int) Inbox.TIMEOUT.toMillis());
    }

    int port() {
        return socket.getLocalPort();
    }

    /** Accepts the client's connection and reads its CONNECT. */
    Peer accept() throws Exception {
        Socket s = socket.accept();
        s.setSoTimeout((int) Inbox.TIMEOUT.toMillis());
        Peer peer = new Peer(s);
        Packet first = peer.reader.read(null);
        assertThat(first).isInstanceOf(Connect.class);
        peer.connect = (Connect) first;
        peer.version = peer.connect.version();
        return peer;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** One accepted client connection. */
    static final class Peer implements AutoCloseable {
        private final Socket socket;
        private final PacketReader reader;
        private final OutputStream out;
        Connect connect;
        ProtocolVersion version;

        Peer(Socket socket) throws IOException {
            this.socket = socket;
            this.reader = new PacketReader(new BufferedInputStream(socket.getInputStream()), PacketReader.PROTOCOL_MAXIMUM);
            this.out = socket.getOutputStream();
        }

        void accept(Properties properties) throws IOException {
            send(new ConnAck(false, ReasonCode.SUCCESS, properties));
        }

        void send(Packet p) throws IOException {
            out.write(PacketEncoder.encode(p, version));
            out.flush();
        }

        void sendRaw(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        /** The next packet from the client, failing the test after {@link Inbox#TIMEOUT}; null at end of stream. */
        Packet read() throws Exception {
            return reader.read(version);
        }

        /** The next packet within {@code wait}, or null when none came. */
        Packet readWithin(Duration wait) throws Exception {
            socket.setSoTimeout((int) wait.toMillis());
            try {
                return reader.read(version);
            } catch (SocketTimeoutException e) {
                return null;
            } finally {
                socket.setSoTimeout((int) Inbox.TIMEOUT.toMillis());
            }
        }

        @SuppressWarnings("unchecked")
        <T extends Packet> T read(Class<T> type) throws Exception {
            Packet p = read();
            assertThat(p).isInstanceOf(type);
            return (T) p;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
