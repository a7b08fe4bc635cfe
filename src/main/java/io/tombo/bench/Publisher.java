package io.tombo.bench;

import io.tombo.codec.QoS;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * One publishing connection: batches of pre-encoded PUBLISH packets (one system call per batch of up to 64 KiB),
 * paced by a {@link Pacer} or closed loop, and a {@link Reader} that takes the acknowledgements and frees window
 * slots. Driven either by a thread of its own ({@link #run}, blocking on the window and the socket) or by a
 * {@link SelectorLoop} ({@link #fill} when due and writable). The driver owns {@code sent}; the reader owns
 * {@code acked}; both are published once per batch.
 *
 * <p>At QoS 1/2 the reader also records publish-to-acknowledgement latency (PUBACK, or PUBREC at QoS 2: the moment
 * the broker answers for the message), from the stamp the loop wrote under each packet identifier, for messages
 * meant to leave at or after {@link #recordFrom}. The histogram is the reader's; read it after the reader ended.
 */
final class Publisher {
    private static final int BATCH_BYTES = 1 << 16;

    private final BenchConnection connection;
    private final PublishTemplate template;
    private final int number;
    private final QoS qos;
    private final Window window;
    private final BenchClock clock;
    private final byte[] batch;
    private final int batchMessages;
    private final Acks acks;
    private volatile long sent;
    private volatile String error;
    /** The stamp of the message last sent under each packet identifier: written by the loop, read by the reader. */
    private final AtomicLongArray stamps = new AtomicLongArray(65_536);
    private final Histogram ackLatency = new Histogram(1_000, Tally.MAX_NANOS, 3);
    /**
     * At a fixed rate, how late each message left after its intended time: the generator's own share of the
     * latency figures (a thread woken late by the machine), the same for every broker. The driver's.
     */
    private final Histogram sendLag = new Histogram(1_000, Tally.MAX_NANOS, 3);
    private volatile long recordFrom = Long.MAX_VALUE;
    /** Set by {@link #schedule} before the driving thread starts. */
    private Pacer pacer;
    private long endNanos;
    /** The driving thread's: messages encoded so far (the next sequence number) and the last packet identifier. */
    private long k;
    private int packetId;

    /**
     * @param number this publisher's 0-based number, stamped into every payload
     * @param window in-flight slots for QoS 1/2 (ignored at QoS 0)
     */
    Publisher(BenchConnection connection, PublishTemplate template, int number, QoS qos, int window, BenchClock clock) {
        this.connection = connection;
        this.template = template;
        this.number = number;
        this.qos = qos;
        this.window = new Window(Math.max(1, Math.min(window, connection.receiveMaximum())));
        this.clock = clock;
        this.batchMessages = Math.max(1, BATCH_BYTES / template.length());
        this.batch = new byte[batchMessages * template.length()];
        this.acks = new Acks(connection);
    }

    Reader reader() {
        return acks;
    }

    BenchConnection connection() {
        return connection;
    }

    /** Sets the schedule: messages at {@code pacer}'s times until {@code endNanos}; before the engine starts. */
    void schedule(Pacer pacer, long endNanos) {
        this.pacer = pacer;
        this.endNanos = endNanos;
    }

    /** The thread engine's loop: publishes until the end, blocking on the window and the socket. */
    void run() {
        try {
            while (true) {
                long now = clock.nanos();
                if (now >= endNanos) {
                    break;
                }
                long due = pacer.due(now, k);
                if (due <= 0) {
                    LockSupport.parkNanos(Math.min(pacer.intended(k), endNanos) - now);
                    continue;
                }
                int n = (int) Math.min(due, batchMessages);
                if (qos != QoS.AT_MOST_ONCE) {
                    n = window.take(n, least(), System.nanoTime() + (endNanos - now));
                    if (n == 0) {
                        continue;
                    }
                    now = clock.nanos();
                }
                int length = encode(batch, 0, n, now);
                connection.write(batch, 0, length);
                sent = k;
            }
        } catch (IOException e) {
            fail(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The selector engine's step: encodes into {@code out[at, at + room)} the messages due at {@code now} that the
     * window allows, at most one batch, and counts them as sent (the loop writes them before anything else of this
     * connection). Returns the bytes encoded; 0 when nothing may leave now.
     */
    int fill(byte[] out, int at, int room, long now) {
        int n = (int) Math.min(pacer.due(now, k), Math.min(batchMessages, room / template.length()));
        if (n <= 0) {
            return 0;
        }
        if (qos != QoS.AT_MOST_ONCE) {
            n = window.tryTake(n, least());
            if (n == 0) {
                return 0;
            }
        }
        int length = encode(out, at, n, now);
        sent = k;
        return length;
    }

    /** When the selector engine should next look at this publisher: its next intended send time, or the end. */
    long nextDue() {
        return pacer.closedLoop() ? endNanos : Math.min(pacer.intended(k), endNanos);
    }

    long endNanos() {
        return endNanos;
    }

    /** The bytes of one full batch: what the selector engine keeps room for. */
    int batchBytes() {
        return batch.length;
    }

    void fail(IOException e) {
        error = "publisher " + number + ": " + e.getMessage();
    }

    /** A closed loop waits for a quarter of the window (see {@link Window}); a paced one sends what is due. */
    private int least() {
        return pacer.closedLoop() ? window.size() / 4 : 1;
    }

    /** Writes the next {@code n} messages at {@code out[at]}; returns their bytes. */
    private int encode(byte[] out, int at, int n, long now) {
        if (!pacer.closedLoop() && pacer.intended(k) >= recordFrom) {
            sendLag.recordValue(Math.min(Tally.MAX_NANOS, Math.max(0, clock.nanos() - pacer.intended(k))));
        }
        int from = at;
        for (int i = 0; i < n; i++, k++) {
            packetId = packetId == 65_535 ? 1 : packetId + 1;
            long stamp = pacer.closedLoop() ? now : pacer.intended(k);
            stamps.setRelease(packetId, stamp);
            template.write(out, at, packetId, stamp, number, k);
            at += template.length();
        }
        return at - from;
    }

    long sent() {
        return sent;
    }

    /** Records acknowledgement latency only for messages meant to leave at or after {@code nanos}. */
    void recordFrom(long nanos) {
        recordFrom = nanos;
    }

    /** How late batches left after their first message's intended time (fixed rate only); read after the loop ended. */
    Histogram sendLag() {
        return sendLag;
    }

    /** Publish-to-acknowledgement latency; read after the reader ended. */
    Histogram ackLatency() {
        return ackLatency;
    }

    long acked() {
        return acks.acked;
    }

    long refused() {
        return acks.refused;
    }

    String error() {
        return error != null ? error : acks.error();
    }

    /** The publisher's reader: PUBACK / PUBCOMP complete a message, PUBREC is answered with PUBREL. */
    private final class Acks extends Reader {
        private long done;
        private long refusedCount;
        private int freed;
        private volatile long acked;
        private volatile long refused;

        Acks(BenchConnection connection) {
            super(connection, 1 << 12);
        }

        @Override
        public void publish(int qos, int packetId, byte[] b, int payloadAt, int payloadLength) {
            // a publisher subscribes to nothing
        }

        @Override
        public void acknowledgement(int type, int packetId, int reason) {
            if (type == FrameParser.PUBACK || type == FrameParser.PUBREC) {
                long stamp = stamps.getAcquire(packetId);
                if (stamp >= recordFrom) {
                    ackLatency.recordValue(Math.min(Tally.MAX_NANOS, Math.max(0, clock.nanos() - stamp)));
                }
            }
            if (type == FrameParser.PUBREC && reason < 0x80) {
                acknowledge(0x62, packetId);
                return;
            }
            if (reason >= 0x80) {
                refusedCount++;
            } else {
                done++;
            }
            freed++;
        }

        @Override
        protected void batchEnd() {
            acked = done;
            refused = refusedCount;
            window.give(freed);
            freed = 0;
        }
    }
}
