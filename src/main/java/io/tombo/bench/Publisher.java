package io.tombo.bench;

import io.tombo.codec.QoS;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * One publishing connection: a loop that writes batches of pre-encoded PUBLISH packets (one system call per batch of
 * up to 64 KiB), paced by a {@link Pacer} or closed loop, and a {@link Reader} that takes the acknowledgements and
 * frees window slots. The loop owns {@code sent}; the reader owns {@code acked}; both are published once per batch.
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
     * latency figures (a thread woken late by the machine), the same for every broker. The loop's.
     */
    private final Histogram sendLag = new Histogram(1_000, Tally.MAX_NANOS, 3);
    private volatile long recordFrom = Long.MAX_VALUE;

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

    /** Publishes from {@code pacer}'s start until {@code endNanos} (on this process's {@code clock}). */
    void run(Pacer pacer, long endNanos) {
        long k = 0;
        int packetId = 0;
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
                    int least = pacer.closedLoop() ? window.size() / 4 : 1;
                    n = window.take(n, least, System.nanoTime() + (endNanos - now));
                    if (n == 0) {
                        continue;
                    }
                    now = clock.nanos();
                }
                if (!pacer.closedLoop() && pacer.intended(k) >= recordFrom) {
                    sendLag.recordValue(Math.min(Tally.MAX_NANOS, Math.max(0, clock.nanos() - pacer.intended(k))));
                }
                int at = 0;
                for (int i = 0; i < n; i++, k++) {
                    packetId = packetId == 65_535 ? 1 : packetId + 1;
                    long stamp = pacer.closedLoop() ? now : pacer.intended(k);
                    stamps.setRelease(packetId, stamp);
                    template.write(batch, at, packetId, stamp, number, k);
                    at += template.length();
                }
                connection.write(batch, 0, at);
                sent = k;
            }
        } catch (IOException e) {
            error = "publisher " + number + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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

    void disconnect() {
        connection.disconnect();
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
