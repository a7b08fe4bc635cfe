package io.tombo.security;

import io.tombo.codec.ReasonCode;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs password checks off the event loops: a PBKDF2 check takes a fraction of a millisecond, an Argon2id one tens
 * of milliseconds and 46 MiB, and an event loop serves many clients. Two threads bound the memory; a bounded
 * queue bounds the backlog of a connection flood, beyond which a login is answered "server busy".
 */
public final class PasswordChecks implements AutoCloseable {
    private static final int THREADS = 2;
    private static final int QUEUE = 1024;

    private final ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE), r -> {
                Thread t = new Thread(r, "tombo-password-check");
                t.setDaemon(true);
                return t;
            });

    public PasswordChecks() {
        pool.allowCoreThreadTimeOut(true);
    }

    /** Runs {@code check} on a checking thread, then hands its result to {@code then} on {@code home}. */
    public void submit(Supplier<ReasonCode> check, Executor home, Consumer<ReasonCode> then) {
        try {
            pool.execute(() -> {
                ReasonCode result;
                try {
                    result = check.get();
                } catch (RuntimeException e) {
                    result = ReasonCode.UNSPECIFIED_ERROR;
                }
                ReasonCode r = result;
                home.execute(() -> then.accept(r));
            });
        } catch (RejectedExecutionException busy) {
            home.execute(() -> then.accept(ReasonCode.SERVER_BUSY));
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
