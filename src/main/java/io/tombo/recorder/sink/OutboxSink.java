package io.tombo.recorder.sink;

import io.tombo.recorder.Reading;
import io.tombo.recorder.Sink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A remote sink with a durable outbox in front: {@link #accept} commits readings to the on-disk {@link Outbox} and
 * returns, and a drain thread of its own delivers them to the {@link Remote} in batches, oldest first, retrying with
 * exponential back-off while the remote is down. The recorder is therefore never slowed or blocked by a remote, and a
 * reading it has handed over survives an outage and a restart (the buffer is reopened and drained).
 *
 * <p>The outbox is bounded: when it holds {@code sink_buffer_limit} readings, {@link #accept} throws, so the recorder
 * does not acknowledge the message and the broker keeps it (its queue limits then apply).
 *
 * <p>Threads: {@link #accept} runs on the recorder's thread; the drain thread alone owns the remote and the back-off.
 * Counters are atomics read by anyone. A remote going down or coming back is logged once, not per attempt.
 */
public final class OutboxSink implements Sink {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxSink.class);

    private final String name;
    private final Outbox outbox;
    private final Remote remote;
    private final Backoff backoff;
    private final InstantSource clock;
    private final Thread drain;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private boolean pending = true; // guarded by lock: something may be buffered (true at start: a previous run's)
    private volatile boolean closed;
    private volatile boolean down;
    private volatile boolean refusing; // set by the recorder thread when the outbox is full, cleared by the drain
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();

    private OutboxSink(String name, Outbox outbox, Remote remote, Backoff backoff, InstantSource clock) {
        this.name = name;
        this.outbox = outbox;
        this.remote = remote;
        this.backoff = backoff;
        this.clock = clock;
        long left = outbox.size();
        if (left > 0) {
            LOG.info("sink={} {} readings buffered in {} by an earlier run; delivering them to {}", name, left,
                    outbox.file(), remote.describe());
        }
        this.drain = Thread.ofPlatform().name("sink-" + name).daemon().unstarted(this::drainLoop);
    }

    /** Starts delivering what {@code outbox} holds and what {@link #accept} adds to it. */
    static OutboxSink start(String name, Outbox outbox, Remote remote, Backoff backoff, InstantSource clock) {
        var sink = new OutboxSink(name, outbox, remote, backoff, clock);
        sink.drain.start();
        return sink;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void accept(List<Reading> readings) throws IOException {
        if (closed) {
            throw new IOException("sink " + name + " is closed");
        }
        try {
            outbox.append(readings);
        } catch (Outbox.Full e) {
            refused.addAndGet(readings.size());
            if (!refusing) {
                refusing = true;
                LOG.warn("sink={} {}: refusing readings until {} takes some (their messages stay unacknowledged)",
                        name, e.getMessage(), remote.describe());
            }
            throw new IOException("sink " + name + ": " + e.getMessage(), e);
        }
        signal();
    }

    /** What the sink has done so far, for metrics; any thread. */
    public SinkCounters counters() {
        return new SinkCounters(outbox.size(), sent.get(), refused.get(), failures.get(), deadLettered.get(), down);
    }

    /**
     * Stops the drain thread (an attempt in progress ends with the remote's own timeouts) and closes the remote and
     * the buffer; what is still buffered stays on disk for the next start.
     */
    @Override
    public void close() throws IOException {
        closed = true;
        signal();
        drain.interrupt();
        try {
            drain.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        remote.close();
        outbox.close();
        if (outbox.size() > 0) {
            LOG.info("sink={} stopped with {} readings buffered in {}", name, outbox.size(), outbox.file());
        }
    }

    private void signal() {
        lock.lock();
        try {
            pending = true;
            wake.signal();
        } finally {
            lock.unlock();
        }
    }

    private void drainLoop() {
        while (!closed) {
            try {
                List<Outbox.Entry> batch = outbox.oldest(remote.batchSize());
                if (batch.isEmpty()) {
                    awaitWork();
                } else {
                    deliver(batch);
                }
            } catch (InterruptedException e) {
                return; // close()
            } catch (IOException e) {
                // The local buffer itself failed (disk full?): nothing can be delivered; wait and try again.
                LOG.error("sink={} cannot read its buffer: {}", name, e.getMessage());
                if (!pause(backoff.failed())) {
                    return;
                }
            }
        }
    }

    private void deliver(List<Outbox.Entry> batch) throws IOException, InterruptedException {
        List<Reading> readings = batch.stream().map(Outbox.Entry::reading).toList();
        List<Remote.Rejection> rejected;
        try {
            rejected = remote.write(readings);
        } catch (IOException | RuntimeException e) {
            if (closed) {
                throw new InterruptedException(); // close() interrupted the attempt: not an outage
            }
            failed(e);
            if (!pause(backoff.failed())) {
                throw new InterruptedException();
            }
            return;
        }
        outbox.remove(batch.getLast().id(), rejected, clock.instant());
        sent.addAndGet(readings.size() - rejected.size());
        for (Remote.Rejection rejection : rejected) {
            deadLettered.incrementAndGet();
            LOG.warn("sink={} refused reading key={} topic={}: {} (kept in the dead-letter table of {})", name,
                    rejection.reading().key(), rejection.reading().topic(), rejection.reason(), outbox.file());
        }
        backoff.succeeded();
        if (refusing && outbox.size() <= outbox.limit() / 10 * 9) {
            // Only once there is real room: clearing at the first freed batch would log a refusal per batch.
            refusing = false;
            LOG.info("sink={} has room in its buffer again ({} readings waiting); {} readings were refused so far",
                    name, outbox.size(), refused.get());
        }
        if (down) {
            down = false;
            LOG.info("sink={} {} is reachable again after {} failed attempts; {} readings buffered", name,
                    remote.describe(), failures.get(), outbox.size());
        }
    }

    private void failed(Exception e) {
        failures.incrementAndGet();
        if (e instanceof RuntimeException) {
            LOG.error("sink={} failed writing to {}; will retry", name, remote.describe(), e);
        } else if (!down) {
            LOG.warn("sink={} {} is down: {}; buffering on disk in {} and retrying with back-off", name,
                    remote.describe(), e.getMessage(), outbox.file());
        } else {
            LOG.debug("sink={} {} still down: {}", name, remote.describe(), e.getMessage());
        }
        down = true;
    }

    /** Waits until {@link #accept} or {@link #close} signals. */
    private void awaitWork() throws InterruptedException {
        lock.lock();
        try {
            while (!pending && !closed) {
                wake.await();
            }
            pending = false;
        } finally {
            lock.unlock();
        }
    }

    /** Waits {@code wait} unless closed first; new readings do not cut a back-off short. */
    private boolean pause(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        lock.lock();
        try {
            long left;
            while (!closed && (left = deadline - System.nanoTime()) > 0) {
                wake.awaitNanos(left);
            }
            return !closed;
        } catch (InterruptedException e) {
            return false;
        } finally {
            lock.unlock();
        }
    }
}
