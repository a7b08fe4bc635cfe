package io.tombo.client;

import io.tombo.codec.Packet;
import io.tombo.codec.PacketEncoder;
import io.tombo.codec.ProtocolVersion;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The one thread that writes a connection's socket. Any thread may {@link #send} (it only queues); the writer takes
 * everything queued at once, encodes it into one buffer and flushes once per batch, so a burst of publishes costs
 * a few system calls rather than one each. Packets leave in the order they were queued, which keeps QoS 1 and 2
 * messages in publish order (spec 4.6).
 *
 * <p>A packet's optional {@code written} future completes after the flush that carried it (QoS 0 publishes complete
 * this way), or exceptionally when the connection dies first.
 */
final class PacketWriter {
    private static final int BUFFER = 64 * 1024;

    private record Queued(Packet packet, CompletableFuture<Void> written) {
    }

    private final OutputStream out;
    private final ProtocolVersion version;
    private final Consumer<IOException> onFailure;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition queued = lock.newCondition();
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private ArrayDeque<Queued> queue = new ArrayDeque<>();
    private ArrayDeque<Queued> batch = new ArrayDeque<>();
    /** No more packets accepted; the writer drains what is queued and stops. */
    private boolean closing;
    /** Stop now, dropping the queue. */
    private boolean stopped;
    private volatile long lastFlushNanos = System.nanoTime();

    PacketWriter(OutputStream out, ProtocolVersion version, Consumer<IOException> onFailure) {
        this.out = out;
        this.version = version;
        this.onFailure = onFailure;
    }

    void start(String name) {
        Thread.ofVirtual().name(name).start(this::run);
    }

    /** Queues a packet; false when the writer is closing or stopped. */
    boolean send(Packet packet) {
        return send(packet, null);
    }

    boolean send(Packet packet, CompletableFuture<Void> written) {
        lock.lock();
        try {
            if (closing || stopped) {
                return false;
            }
            queue.add(new Queued(packet, written));
            queued.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Queues a last packet (DISCONNECT); the returned future completes once it and everything before it is out. */
    CompletableFuture<Void> sendLast(Packet packet) {
        lock.lock();
        try {
            if (!closing && !stopped) {
                queue.add(new Queued(packet, null));
            }
            closing = true;
            queued.signal();
        } finally {
            lock.unlock();
        }
        return finished;
    }

    /** Stops at once; queued packets are dropped and their futures fail. */
    void stop() {
        lock.lock();
        try {
            stopped = true;
            queued.signal();
        } finally {
            lock.unlock();
        }
    }

    /** System.nanoTime() of the last flush: keep alive counts from here. */
    long lastFlushNanos() {
        return lastFlushNanos;
    }

    private void run() {
        try {
            while (takeBatch()) {
                writeBatch();
            }
            failQueued(new IOException("connection closed"));
            finished.complete(null);
        } catch (IOException | RuntimeException e) {
            // an encoder refusal here is a bug (packets are checked before they are queued); end the connection
            IOException io = e instanceof IOException x ? x : new IOException("cannot write: " + e, e);
            failQueued(io);
            finished.completeExceptionally(io);
            onFailure.accept(io);
        } catch (InterruptedException e) {
            failQueued(new IOException("writer interrupted"));
            finished.completeExceptionally(e);
        }
    }

    /** Swaps the queue for the empty batch; false when the writer should end. */
    private boolean takeBatch() throws InterruptedException {
        lock.lock();
        try {
            while (queue.isEmpty() && !closing && !stopped) {
                queued.await();
            }
            if (stopped || queue.isEmpty()) {
                return false;
            }
            ArrayDeque<Queued> full = queue;
            queue = batch;
            batch = full;
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void writeBatch() throws IOException {
        for (Queued q : batch) {
            write(q.packet);
        }
        if (buffer.position() > 0) {
            out.write(buffer.array(), 0, buffer.position());
            buffer.clear();
        }
        out.flush();
        lastFlushNanos = System.nanoTime();
        for (Queued q; (q = batch.poll()) != null; ) {
            if (q.written != null) {
                q.written.complete(null);
            }
        }
    }

    private void write(Packet packet) throws IOException {
        int length = PacketEncoder.encodedLength(packet, version);
        if (length > buffer.remaining() && buffer.position() > 0) {
            out.write(buffer.array(), 0, buffer.position());
            buffer.clear();
        }
        if (length <= buffer.remaining()) {
            PacketEncoder.encode(packet, version, buffer);
        } else {
            out.write(PacketEncoder.encode(packet, version));
        }
    }

    private void failQueued(IOException cause) {
        lock.lock();
        try {
            stopped = true;
            batch.addAll(queue);
            queue.clear();
        } finally {
            lock.unlock();
        }
        MqttException lost = new MqttException("Connection lost: " + cause.getMessage(), cause);
        for (Queued q; (q = batch.poll()) != null; ) {
            if (q.written != null) {
                q.written.completeExceptionally(lost);
            }
        }
    }
}
