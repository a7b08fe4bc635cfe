package io.tombo.client;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * A Unix domain socket (Mosquitto's {@code --unix}). The streams are written here rather than taken from
 * {@code Channels.newInputStream}: a blocking channel's read and write hold separate locks, so one thread may block
 * reading while another writes.
 */
final class UnixLink implements Link {
    private final SocketChannel channel;
    private final Path path;
    private final InputStream in;
    private final OutputStream out;

    private UnixLink(SocketChannel channel, Path path) {
        this.channel = channel;
        this.path = path;
        this.in = new BufferedInputStream(new ChannelIn(), 64 * 1024);
        this.out = new ChannelOut();
    }

    static UnixLink open(Path path) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(path));
            return new UnixLink(ch, path);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
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
        return "unix:" + path;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing: nothing left to tell anyone
        }
    }

    private final class ChannelIn extends InputStream {
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
            int n;
            do {
                n = channel.read(ByteBuffer.wrap(b, off, len));
            } while (n == 0);
            return n;
        }
    }

    private final class ChannelOut extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ByteBuffer buf = ByteBuffer.wrap(b, off, len);
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
        }
    }
}
