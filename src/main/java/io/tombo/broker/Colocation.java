package io.tombo.broker;

/**
 * When a connection that only publishes moves to the home thread its subscribers live on ({@code colocate_publishers}).
 *
 * <p>A message for a subscriber on another event loop costs a hand-over: a task on that loop and, when it sleeps,
 * a wake-up, a context switch and on a virtual machine a wait for the other virtual CPU. At high rates one hand-over
 * carries many messages and both loops share the work; at low rates every message pays the wake-up, which is most
 * of its latency and of the broker's CPU per message. So a publisher whose messages go, at a low rate, almost all to
 * sessions of one other home thread, and which receives nothing itself, moves there: its messages are then delivered
 * in the pass that reads them, as on Mosquitto's single thread. Load decides the rest: a publisher never moves to a
 * busy loop, and one that moved goes back to the loop it came from when its new loop gets busy and the old is not.
 *
 * @param window          deliveries looked at before each decision (0: never move)
 * @param share           the part of a window that must go to one other home thread
 * @param maxRatePerSecond a publisher delivering faster stays: its hand-overs batch many messages per wake-up
 * @param targetLoadBelow the home thread moved to must be less busy than this (its CPU share, 0 to 1)
 * @param overloadAbove   a moved publisher goes back to its first home when its home is busier than this and the
 *                        first is below {@code targetLoadBelow}
 * @param quietMillis     after a move, no other for this long (no back-and-forth between two subscribers' loops)
 */
public record Colocation(int window, double share, double maxRatePerSecond, double targetLoadBelow,
                         double overloadAbove, long quietMillis) {

    public static final Colocation DEFAULT = new Colocation(64, 0.9, 20_000, 0.5, 0.75, 1_000);
    public static final Colocation OFF = new Colocation(0, 1, 0, 0, 1, 0);

    public boolean enabled() {
        return window > 0;
    }
}
