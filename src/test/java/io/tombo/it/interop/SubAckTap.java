package io.tombo.it.interop;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A transparent TCP relay between one client process and the broker that reports when the broker's first SUBACK
 * has been forwarded to the client.
 *
 * <p>A client we run as a child process ({@code mosquitto_sub}, a Python script) gives no portable signal that its
 * subscription is in place, and publishing before that point loses QoS 0 messages. The relay gives that signal
 * without touching what the client prints: it parses only the fixed headers of the broker-to-client stream (type
 * nibble and Remaining Length) and copies every byte unchanged in both directions. Pumps run on virtual threads;
 * each owns its own pair of streams.
 */
final class SubAckTap implements AutoCloseable {
    private static final int SUBACK = 9;

    private final ServerSocket server;
    private final int brokerPort;
    private final CompletableFuture<Void> subAck = new CompletableFuture<>();
    private final List<Socket> sockets = new ArrayList<>();

    private SubAckTap(ServerSocket server, int brokerPort) {
        this.server = server;
        this.brokerPort = brokerPort;
    }

    /** Listens on an ephemeral loopback port and relays every accepted connection to {@code brokerPort}. */
    static SubAckTap open(int brokerPort) {
        try {
            SubAckTap tap = new SubAckTap(new ServerSocket(0, 8, InetAddress.getLoopbackAddress()), brokerPort);
            Thread.ofVirtual().name("tap-accept").start(tap::acceptLoop);
            return tap;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The port the client under test connects to instead of the broker's. */
    int port() {
        return server.getLocalPort();
    }

    /** Blocks until a SUBACK has reached the client: from then on its subscription matches new publications. */
    void awaitSubAck(Duration timeout) throws Exception {
        subAck.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void acceptLoop() {
        try {
            while (!server.isClosed()) {
                Socket client = server.accept();
                Socket broker = new Socket(InetAddress.getLoopbackAddress(), brokerPort);
                synchronized (sockets) {
                    sockets.add(client);
                    sockets.add(broker);
                }
                Thread.ofVirtual().start(() -> copy(client, broker));
                Thread.ofVirtual().start(() -> relayPackets(broker, client));
            }
        } catch (IOException closed) {
            // the tap was closed
        }
    }

    private static void copy(Socket from, Socket to) {
        try (InputStream in = from.getInputStream()) {
            in.transferTo(to.getOutputStream());
        } catch (IOException closed) {
            // either side went away; the other pump sees it too
        } finally {
            closeQuietly(to);
        }
    }

    private void relayPackets(Socket broker, Socket client) {
        try {
            DataInputStream in = new DataInputStream(broker.getInputStream());
            OutputStream out = client.getOutputStream();
            while (true) {
                int first = in.read();
                if (first < 0) {
                    break;
                }
                out.write(first);
                int remaining = 0;
                for (int shift = 0; ; shift += 7) {
                    int b = in.readUnsignedByte();
                    out.write(b);
                    remaining |= (b & 0x7F) << shift;
                    if ((b & 0x80) == 0) {
                        break;
                    }
                }
                byte[] body = in.readNBytes(remaining);
                out.write(body);
                out.flush();
                if (first >> 4 == SUBACK) {
                    subAck.complete(null);
                }
            }
        } catch (IOException closed) {
            // either side went away
        } finally {
            closeQuietly(client);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // already closed
        }
        synchronized (sockets) {
            sockets.forEach(SubAckTap::closeQuietly);
        }
    }
}
