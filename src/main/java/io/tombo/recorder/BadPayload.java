package io.tombo.recorder;

/** A payload a rule cannot read; the message becomes a {@link DeadLetter} with this reason. */
final class BadPayload extends Exception {
    BadPayload(String reason) {
        super(reason, null, false, false);
    }
}
