package io.tombo.broker;

import java.util.List;

/**
 * Where one publisher's messages went in the current window of {@link Colocation#window()} deliveries, and whether
 * its connection should move now. Owned by the connection's home thread; created when the client first publishes
 * to someone, so that idle and receive-only connections carry none.
 */
final class PublisherAffinity {
    private final Colocation policy;
    /** The home the connection was accepted on: it goes back there when its new home gets busy. */
    private final HomeThread first;
    /** The first other home seen in this window, and how many deliveries went there. */
    private HomeThread candidate;
    private int toCandidate;
    private int seen;
    private long windowStartMillis;
    private long quietUntilMillis;

    PublisherAffinity(Colocation policy, HomeThread first, long nowMillis) {
        this.policy = policy;
        this.first = first;
        this.windowStartMillis = nowMillis;
    }

    /**
     * Counts the deliveries of one routed message; at the end of a window, returns the home thread the connection
     * should move to, or null to stay.
     */
    HomeThread routed(List<Session> receivers, HomeThread here, long nowMillis) {
        for (int i = 0; i < receivers.size(); i++) {
            HomeThread h = receivers.get(i).home();
            seen++;
            if (h != here) {
                if (candidate == null) {
                    candidate = h;
                }
                if (h == candidate) {
                    toCandidate++;
                }
            }
        }
        if (seen < policy.window()) {
            return null;
        }
        HomeThread target = nowMillis < quietUntilMillis ? null : decide(here, nowMillis);
        candidate = null;
        toCandidate = 0;
        seen = 0;
        windowStartMillis = nowMillis;
        return target;
    }

    private HomeThread decide(HomeThread here, long nowMillis) {
        if (here != first && here.load() > policy.overloadAbove() && first.load() < policy.targetLoadBelow()) {
            return first;
        }
        double seconds = Math.max(1, nowMillis - windowStartMillis) / 1000.0;
        if (candidate != null && toCandidate >= policy.share() * seen && seen / seconds <= policy.maxRatePerSecond()
                && candidate.load() < policy.targetLoadBelow()) {
            return candidate;
        }
        return null;
    }

    /** The connection moved: it stays where it is for a while. */
    void moved(long nowMillis) {
        quietUntilMillis = nowMillis + policy.quietMillis();
    }
}
