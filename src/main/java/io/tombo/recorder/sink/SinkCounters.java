package io.tombo.recorder.sink;

/**
 * What a remote sink has done since it started, for logs and metrics.
 *
 * @param buffered     readings on disk waiting for the remote now (including those left by an earlier run)
 * @param sent         readings the remote took
 * @param refused      readings {@code accept} refused because the buffer was full: the recorder did not acknowledge
 *                     their messages, so the broker still holds them
 * @param failures     delivery attempts that failed (remote unreachable or unwilling); each is retried
 * @param deadLettered readings the remote refused for good, kept in the buffer's dead-letter table with the reason
 * @param down         whether the last attempt failed
 */
public record SinkCounters(long buffered, long sent, long refused, long failures, long deadLettered, boolean down) {
}
