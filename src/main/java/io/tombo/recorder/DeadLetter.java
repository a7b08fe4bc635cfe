package io.tombo.recorder;

import java.time.Instant;

/**
 * A message a rule could not read, kept with the reason so that nothing is dropped silently.
 *
 * @param rule    the rule's name
 * @param topic   the message's topic
 * @param payload the payload as received
 * @param reason  why it could not be read
 * @param arrival when the recorder received it
 */
public record DeadLetter(String rule, String topic, byte[] payload, String reason, Instant arrival) {
}
