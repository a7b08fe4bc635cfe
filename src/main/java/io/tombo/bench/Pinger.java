package io.tombo.bench;

import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;

/** Keeps connections alive: a PINGREQ on each every half keep-alive, from one platform thread, until interrupted. */
final class Pinger {
    private Pinger() {
    }

    /** Starts pinging {@code connections} (asked anew each round); with a keep alive of 0, a thread that just ends. */
    static Thread start(int keepAliveSeconds, Supplier<List<BenchConnection>> connections) {
        return Thread.ofPlatform().daemon().name("tombo-bench-pinger").start(() -> {
            if (keepAliveSeconds <= 0) {
                return;
            }
            try {
                while (true) {
                    Thread.sleep(keepAliveSeconds * 500L);
                    for (BenchConnection c : connections.get()) {
                        try {
                            c.ping();
                        } catch (IOException ignored) {
                            // a closed connection shows in the counts
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
