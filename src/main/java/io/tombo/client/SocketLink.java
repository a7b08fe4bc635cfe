package io.tombo.client;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** A TCP connection, plain or TLS, with TCP_NODELAY (the packet writer batches, so Nagle only adds latency). */
final class SocketLink implements Link {
    private static final int BUFFER = 64 * 1024;

    private final Socket plain;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private SocketLink(Socket plain, Socket socket) throws IOException {
        this.plain = plain;
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), BUFFER);
        this.out = socket.getOutputStream();
    }

    static SocketLink tcp(String host, int port, Duration timeout) throws IOException {
        Socket s = dial(host, port, timeout);
        return new SocketLink(s, s);
    }

    /**
     * Dials, then runs the TLS handshake within the same time-out, so a server that accepts but never answers the
     * ClientHello cannot hang the connect.
     */
    static SocketLink tls(String host, int port, Duration timeout, SSLContext context, SSLParameters parameters)
            throws IOException {
        Socket s = dial(host, port, timeout);
        try {
            SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(s, host, port, true);
            ssl.setSSLParameters(parameters);
            ssl.setSoTimeout(timeoutMillis(timeout));
            ssl.startHandshake();
            ssl.setSoTimeout(0);
            return new SocketLink(s, ssl);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private static Socket dial(String host, int port, Duration timeout) throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), timeoutMillis(timeout));
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    private static int timeoutMillis(Duration timeout) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }

    @Override
    public InputStream in() {
        return in;
    }

    @Override
    public OutputStream out() {
        return out;
    }

    @Override
    public String remote() {
        return String.valueOf(plain.getRemoteSocketAddress());
    }

    /**
     * Closing an SSLSocket sends close_notify, which can block behind a stuck writer; so it gets a second, and then
     * the plain socket underneath is closed, which always returns at once.
     */
    @Override
    public void close() {
        if (socket != plain) {
            Thread closer = Thread.ofVirtual().name("tombo-client-tls-close").start(() -> quietly(socket));
            try {
                closer.join(Duration.ofSeconds(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        quietly(plain);
    }

    private static void quietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing: nothing left to tell anyone
        }
    }
}
