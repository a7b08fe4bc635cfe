package io.tombo.it.cli;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A TCP relay between one subscriber process and the broker that says when the broker's first SUBACK has been
 * passed on: the only portable sign that a child mosquitto_sub or tombo sub is subscribed, and it leaves what the
 * program prints untouched. Reads only fixed headers of the broker's stream and copies every byte both ways; each
 * pump runs on its own virtual thread with its own pair of streams.
 */
final class SubAckRelay implements AutoCloseable {
    private final ServerSocket server;
    private final int brokerPort;
    private final CompletableFuture<Void> subAck = new CompletableFuture<>();
    private final List<Socket> sockets = new ArrayList<>();

    private SubAckRelay(ServerSocket server, int brokerPort) {
        this.server = server;
        this.brokerPort = brokerPort;
    }

    static SubAckRelay to(int brokerPort) {
        try {
            SubAckRelay r = new SubAckRelay(new ServerSocket(0, 8, InetAddress.getLoopbackAddress()), brokerPort);
            Thread.ofVirtual().start(r::accept);
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return server.getLocalPort();
    }

    void awaitSubAck() throws Exception {
        subAck.get(20, TimeUnit.SECONDS);
    }

    private void accept() {
        try {
            while (!server.isClosed()) {
                Socket client = server.accept();
                Socket broker = new Socket(InetAddress.getLoopbackAddress(), brokerPort);
                synchronized (sockets) {
                    sockets.add(client);
                    sockets.add(broker);
                }
                Thread.ofVirtual().start(() -> copy(client, broker));
                Thread.ofVirtual().start(() -> packets(broker, client));
            }
        } catch (IOException closed) {
            // relay closed
        }
    }

    private static void copy(Socket from, Socket to) {
        try (InputStream in = from.getInputStream()) {
            in.transferTo(to.getOutputStream());
        } catch (IOException closed) {
            // one side went away
        } finally {
            close(to);
        }
    }

    private void packets(Socket broker, Socket client) {
        try {
            DataInputStream in = new DataInputStream(broker.getInputStream());
            OutputStream out = client.getOutputStream();
            int first;
            while ((first = in.read()) >= 0) {
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
                out.write(in.readNBytes(remaining));
                out.flush();
                if (first >> 4 == 9) {
                    subAck.complete(null);
                }
            }
        } catch (IOException closed) {
            // one side went away
        } finally {
            close(client);
        }
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        close(server);
        synchronized (sockets) {
            sockets.forEach(SubAckRelay::close);
        }
    }

    private static void close(ServerSocket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
