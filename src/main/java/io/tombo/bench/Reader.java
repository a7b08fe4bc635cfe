package io.tombo.bench;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The read loop of one connection, on its own (virtual) thread: read as much as the socket has, parse every whole
 * packet in place, then send the acknowledgements the batch produced in one write. Ends when the socket closes.
 */
abstract class Reader implements Runnable, Inbound {
    protected final BenchConnection connection;
    private byte[] buffer;
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
        int filled = 0;
        try {
            while (true) {
                int n = in.read(buffer, filled, buffer.length - filled);
                if (n < 0) {
                    break;
                }
                filled += n;
                int consumed = FrameParser.parse(buffer, 0, filled, connection.v5(), this);
                System.arraycopy(buffer, consumed, buffer, 0, filled - consumed);
                filled -= consumed;
                int next = FrameParser.packetLength(buffer, 0, filled);
                if (next > buffer.length) {
                    buffer = Arrays.copyOf(buffer, next);
                }
                batchEnd();
                if (ackLength > 0) {
                    connection.write(acks, 0, ackLength);
                    ackLength = 0;
                }
            }
        } catch (IOException e) {
            // the socket was closed: by us at the end of the run, or by the broker (then the counts show it)
        } catch (RuntimeException e) {
            error = e.toString();
        } finally {
            batchEnd();
            ended();
        }
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
