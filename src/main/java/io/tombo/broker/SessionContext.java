package io.tombo.broker;

import java.time.InstantSource;
import java.util.function.Supplier;

/**
 * What every session shares: its limits (re-read at each use, since SIGHUP can change them), the broker's
 * counters, the clock, and the durable store.
 */
record SessionContext(Supplier<SessionLimits> limits, BrokerCounters counters, InstantSource clock,
                      Persistence persistence) {
}
