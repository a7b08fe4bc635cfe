package io.tombo.recorder;

import io.tombo.client.Acknowledgement;
import io.tombo.codec.Publish;

import java.time.Instant;

/** A message as the recorder received it, with the acknowledgement to give once it is stored. */
record Arrival(Publish message, Acknowledgement acknowledgement, Instant time) {
}
