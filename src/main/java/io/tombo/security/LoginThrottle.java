package io.tombo.security;

import java.time.InstantSource;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Back-off for failed logins per remote address (host, without the port): the first {@value #FREE_FAILURES}
 * failures cost nothing, each further one doubles the time the address must wait before its next attempt is
 * checked at all, from 1 s up to 60 s. A success forgets the address; so does ten minutes without a failure.
 * An attempt during the wait is refused without looking at the password, so guessing gets no faster by
 * opening more connections. At most {@value #MAX_ADDRESSES} addresses are tracked; beyond that the oldest
 * quiet ones are forgotten first. Thread-safe: every event loop shares one instance.
 */
public final class LoginThrottle {
    static final int FREE_FAILURES = 3;
    static final int MAX_ADDRESSES = 10_000;
    private static final long FIRST_WAIT_MILLIS = 1_000;
    private static final long MAX_WAIT_MILLIS = 60_000;
    private static final long FORGET_AFTER_MILLIS = 10 * 60_000;

    private final InstantSource clock;
    private final Map<String, Failures> byAddress = new ConcurrentHashMap<>();

    public LoginThrottle(InstantSource clock) {
        this.clock = clock;
    }

    /** Milliseconds {@code address} must still wait before a login is checked; 0 when it may try now. */
    public long waitMillis(String address) {
        Failures f = byAddress.get(address);
        if (f == null) {
            return 0;
        }
        long left = f.notBefore - clock.millis();
        return Math.max(0, left);
    }

    /** A login from {@code address} failed; returns the number of consecutive failures. */
    public int failed(String address) {
        long now = clock.millis();
        if (byAddress.size() >= MAX_ADDRESSES) {
            forgetQuiet(now);
        }
        Failures f = byAddress.compute(address, (a, old) -> {
            int count = old == null || now - old.last > FORGET_AFTER_MILLIS ? 1 : old.count + 1;
            long wait = count <= FREE_FAILURES ? 0
                    : Math.min(MAX_WAIT_MILLIS, FIRST_WAIT_MILLIS << Math.min(16, count - FREE_FAILURES - 1));
            return new Failures(count, now, now + wait);
        });
        return f.count;
    }

    /** A login from {@code address} succeeded. */
    public void succeeded(String address) {
        byAddress.remove(address);
    }

    private void forgetQuiet(long now) {
        for (Iterator<Failures> it = byAddress.values().iterator(); it.hasNext(); ) {
            if (now - it.next().last > FORGET_AFTER_MILLIS) {
                it.remove();
            }
        }
        if (byAddress.size() >= MAX_ADDRESSES) {
            byAddress.clear(); // a flood from more addresses than we track: start over rather than grow
        }
    }

    private record Failures(int count, long last, long notBefore) {
    }
}
