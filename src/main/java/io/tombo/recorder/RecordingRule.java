package io.tombo.recorder;

import io.tombo.config.RecordRule;

import java.util.List;

/** A configured rule ready to run: its payload reader and its sinks, resolved by name. */
record RecordingRule(RecordRule config, PayloadReader reader, List<Sink> sinks) {
}
