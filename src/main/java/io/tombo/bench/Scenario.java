package io.tombo.bench;

import io.tombo.codec.QoS;

import java.time.Duration;

/**
 * What one {@code tombo bench} run does. Counts and patterns mean, per kind:
 * <ul>
 *   <li>{@code CONN}: {@code subscribers} idle connections, opened at {@code connectRate}, held for the duration;</li>
 *   <li>{@code PUB} / {@code SUB}: only publishers / only subscribers (the other side is another process);</li>
 *   <li>{@code FANIN}: {@code publishers} on {@code topic}, one subscriber on {@code filter};</li>
 *   <li>{@code FANOUT}: one publisher, {@code subscribers} on {@code filter};</li>
 *   <li>{@code P2P}: {@code publishers} pairs, publisher i on {@code topic}, subscriber i on {@code filter}, the
 *       same pattern expanded for the same i.</li>
 * </ul>
 *
 * @param ratePerPublisher messages per second per publisher; 0 is closed loop (as fast as the window allows)
 * @param window           QoS 1/2 messages in flight per publisher (capped by the broker's Receive Maximum)
 * @param connectRate      connections opened per second; 0 is as fast as {@code connectConcurrency} handshakes allow
 * @param brokerPid        the broker's process id for CPU and RSS figures, or 0
 * @param ioThreads        selector threads for the message scenarios over plain TCP; 0 for a thread per connection
 */
public record Scenario(Kind kind, Target target, int publishers, int subscribers, TopicPattern topic,
                       TopicPattern filter, QoS qos, int payloadSize, double ratePerPublisher, int window,
                       Duration duration, Duration warmup, double connectRate, int connectConcurrency,
                       String clientIdPrefix, long brokerPid, int ioThreads) {

    public enum Kind { CONN, PUB, SUB, FANIN, FANOUT, P2P }

    public Scenario {
        if (publishers < 0 || subscribers < 0 || window < 1 || connectConcurrency < 1 || ratePerPublisher < 0
                || connectRate < 0 || ioThreads < 0) {
            throw new IllegalArgumentException("counts, window and rates must be positive");
        }
        if (kind != Kind.CONN && kind != Kind.SUB && payloadSize < Stamp.LENGTH) {
            throw new IllegalArgumentException("payload size must be at least " + Stamp.LENGTH
                    + " bytes: the send time, publisher and sequence number travel in it");
        }
    }

    String publisherId(int number) {
        return clientIdPrefix + "pub-" + number;
    }

    String subscriberId(int number) {
        return clientIdPrefix + "sub-" + number;
    }
}
