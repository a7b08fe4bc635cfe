package io.tombo.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/**
 * What one connection receives: read as much as the socket has, parse every whole packet in place, then send the
 * acknowledgements the batch produced in one write. Two drivers: {@link #run()} on a thread of its own over the
 * blocking socket ({@link ThreadEngine}, and TLS), or {@link #readFrom} called by a {@link SelectorLoop} when the
 * channel is readable, which then sends {@link #acks()} itself. Either way one thread owns the buffers.
 */
abstract class Reader implements Runnable, Inbound {
    protected final BenchConnection connection;
    private byte[] buffer;
    private int filled;
    private byte[] acks = new byte[256];
    private int ackLength;
    private volatile String error;

    /** {@code bufferSize}: large for busy connections (fewer system calls), small for idle ones. */
    Reader(BenchConnection connection, int bufferSize) {
        this.connection = connection;
        this.buffer = new byte[bufferSize];
    }

    @Override
    public final void run() {
        InputStream in = connection.input();
        try {
            while (true) {
                int n = in.read(buffer, filled, buffer.length - filled);
                if (n < 0) {
                    break;
                }
                received(n);
                if (ackLength > 0) {
                    connection.write(acks, 0, ackLength);
                    ackLength = 0;
                }
            }
        } catch (IOException e) {
            // the socket was closed: by us at the end of the run, or by the broker (then the counts show it)
        } catch (RuntimeException e) {
            failed(e);
        } finally {
            end();
        }
    }

    /**
     * One non-blocking read from {@code channel} and the parse of what it brought; the acknowledgements wait in
     * {@link #acks()}. Returns the bytes read, -1 at the end of the stream.
     */
    final int readFrom(SocketChannel channel) throws IOException {
        int n = channel.read(ByteBuffer.wrap(buffer, filled, buffer.length - filled));
        if (n > 0) {
            received(n);
        }
        return n;
    }

    /** Bytes the handshake read past its last packet (a retained message right after SUBACK), parsed first. */
    final void preload(byte[] bytes) {
        if (bytes.length > buffer.length) {
            buffer = Arrays.copyOf(buffer, bytes.length);
        }
        System.arraycopy(bytes, 0, buffer, 0, bytes.length);
        received(bytes.length);
    }

    private void received(int n) {
        filled += n;
        int consumed = FrameParser.parse(buffer, 0, filled, connection.v5(), this);
        System.arraycopy(buffer, consumed, buffer, 0, filled - consumed);
        filled -= consumed;
        int next = FrameParser.packetLength(buffer, 0, filled);
        if (next > buffer.length) {
            buffer = Arrays.copyOf(buffer, next);
        }
        batchEnd();
    }

    /** The acknowledgements waiting to be sent, {@code [0, ackLength())}; {@link #acksSent()} empties them. */
    final byte[] acks() {
        return acks;
    }

    final int ackLength() {
        return ackLength;
    }

    final void acksSent() {
        ackLength = 0;
    }

    /** Queues a two-byte-body acknowledgement (PUBACK, PUBREC, PUBREL, PUBCOMP) for the end of the batch. */
    protected final void acknowledge(int firstByte, int packetId) {
        if (ackLength + 4 > acks.length) {
            acks = Arrays.copyOf(acks, acks.length * 2);
        }
        acks[ackLength++] = (byte) firstByte;
        acks[ackLength++] = 2;
        acks[ackLength++] = (byte) (packetId >>> 8);
        acks[ackLength++] = (byte) packetId;
    }

    /** A protocol surprise (malformed input) stopped this connection. */
    final void failed(RuntimeException e) {
        error = e.toString();
    }

    /** The connection ended (closed by us or by the broker): the counts are published a last time. */
    final void end() {
        batchEnd();
        ended();
    }

    /** Called after each read batch is parsed, before its acknowledgements leave. */
    protected abstract void batchEnd();

    /** Called once when the connection ends. */
    protected void ended() {
    }

    /** A protocol surprise that stopped this reader, or null. */
    String error() {
        return error;
    }

    @Override
    public void other(int type, byte[] b, int bodyAt, int bodyLength) {
        if (type == 14) { // DISCONNECT from the server
            error = "broker sent DISCONNECT" + (bodyLength > 0 ? " reason 0x" + Integer.toHexString(b[bodyAt] & 0xFF)
                    : "");
        }
    }
}
