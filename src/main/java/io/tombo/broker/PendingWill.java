package io.tombo.broker;

/** A will waiting out its delay interval [MQTT-3.1.3-9]; {@code timer} is null when it waits for session end only. */
record PendingWill(Message message, HomeThread.Cancellable timer) {
}
