package io.tombo.client;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * MQTT over WebSocket (spec 6): the JDK's {@link WebSocket} with subprotocol {@code mqtt}, binary frames only
 * [MQTT-6.0.0-1], adapted to a byte stream because packets need not align with frames [MQTT-6.0.0-2].
 *
 * <p>Inbound, the listener hands each binary fragment to a queue and the reader asks the WebSocket for the next
 * fragment only when it takes one, so at most one fragment waits in memory. Outbound, bytes collect until the packet
 * writer flushes (once per batch) or 64 KiB are pending, and each collection goes out as one binary message.
 */
final class WebSocketLink implements Link {
    private static final int FRAME = 64 * 1024;
    private static final Object END = new Object();
    /** Shared by every plain ws:// connection: an HttpClient owns a selector thread, too much for each of thousands. */
    private static volatile HttpClient plainClient;

    private final WebSocket socket;
    private final BlockingQueue<Object> fragments;
    private final String remote;
    private final InputStream in;
    private final OutputStream out;

    private WebSocketLink(WebSocket socket, BlockingQueue<Object> fragments, String remote) {
        this.socket = socket;
        this.fragments = fragments;
        this.remote = remote;
        this.in = new FragmentIn();
        this.out = new FrameOut();
    }

    /** {@code context} and {@code parameters} are null for ws://. */
    static WebSocketLink open(String host, int port, String path, Duration timeout, SSLContext context,
                              SSLParameters parameters) throws IOException {
        boolean secure = context != null;
        String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        URI uri = URI.create((secure ? "wss://" : "ws://") + h + ":" + port + (path.startsWith("/") ? "" : "/") + path);
        HttpClient http = secure
                ? HttpClient.newBuilder().sslContext(context).sslParameters(parameters).connectTimeout(timeout).build()
                : plainClient();
        BlockingQueue<Object> fragments = new LinkedBlockingQueue<>();
        try {
            WebSocket ws = http.newWebSocketBuilder()
                    .subprotocols("mqtt")
                    .connectTimeout(timeout)
                    .buildAsync(uri, new Listener(fragments))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new WebSocketLink(ws, fragments, uri.toString());
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("WebSocket handshake timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted during the WebSocket handshake");
        }
    }

    private static HttpClient plainClient() {
        HttpClient c = plainClient;
        if (c == null) {
            synchronized (WebSocketLink.class) {
                c = plainClient;
                if (c == null) {
                    c = HttpClient.newHttpClient();
                    plainClient = c;
                }
            }
        }
        return c;
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
        return remote;
    }

    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | IllegalStateException ignored) {
            // the connection is going away either way
        }
        socket.abort();
        fragments.add(END); // abort() ends listener calls, so wake the reader here
    }

    private static final class Listener implements WebSocket.Listener {
        private final BlockingQueue<Object> fragments;

        Listener(BlockingQueue<Object> fragments) {
            this.fragments = fragments;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] copy = new byte[data.remaining()];
            data.get(copy);
            fragments.add(copy);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            fragments.add(new IOException("text frame from the server; MQTT uses binary frames only [MQTT-6.0.0-1]"));
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            fragments.add(END);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            fragments.add(error instanceof IOException io ? io : new IOException(error));
        }
    }

    private final class FragmentIn extends InputStream {
        private byte[] current = new byte[0];
        private int pos;
        private boolean ended;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (pos == current.length) {
                if (ended || !next()) {
                    return -1;
                }
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }

        private boolean next() throws IOException {
            Object item;
            try {
                item = fragments.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException();
            }
            if (item == END) {
                ended = true;
                fragments.add(END);
                return false;
            }
            if (item instanceof IOException e) {
                ended = true;
                throw e;
            }
            current = (byte[]) item;
            pos = 0;
            socket.request(1);
            return true;
        }
    }

    private final class FrameOut extends OutputStream {
        private final byte[] buffer = new byte[FRAME];
        private int size;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                int n = Math.min(len, FRAME - size);
                System.arraycopy(b, off, buffer, size, n);
                size += n;
                off += n;
                len -= n;
                if (size == FRAME) {
                    flush();
                }
            }
        }

        @Override
        public void flush() throws IOException {
            if (size == 0) {
                return;
            }
            // the send completes before the buffer is written again, so it needs no copy
            ByteBuffer frame = ByteBuffer.wrap(buffer, 0, size);
            size = 0;
            try {
                socket.sendBinary(frame, true).get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException();
            }
        }
    }
}
