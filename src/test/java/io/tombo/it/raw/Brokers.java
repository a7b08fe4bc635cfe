package io.tombo.it.raw;

import io.tombo.it.BrokerUnderTest;

/** Conditions for {@code @DisabledIf}, where the reference broker deviates from the spec. */
final class Brokers {
    private Brokers() {
    }

    /** For {@code @DisabledIf("io.tombo.it.raw.Brokers#mosquitto")}: a known, documented Mosquitto deviation. */
    static boolean mosquitto() {
        return BrokerUnderTest.isMosquitto();
    }
}
