/**
 * Remote sinks of the recorder: PostgreSQL, MariaDB, InfluxDB and HTTP webhooks, each behind a durable outbox.
 *
 * <pre>
 *  recorder thread ──accept(readings)──► OutboxSink ──append, commit──► Outbox (sink-NAME.db, SQLite WAL)
 *                      ◄── returns: safe on disk                               │ oldest first, in batches
 *                                                            drain thread ◄────┘
 *                                                                 │ write(batch)
 *                                                                 ▼
 *                                   Remote: JdbcRemote (table per rule) · InfluxRemote (line protocol) · WebhookRemote
 *                                   ok ─► remove the batch · refused for good ─► dead_letter table · down ─► back-off
 * </pre>
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>A reading {@code accept} returned for is on disk; it leaves the outbox only once the remote has it, or has
 *       refused it for good (then it is in the dead-letter table with the reason). A restart reopens the outbox and
 *       carries on.</li>
 *   <li>The outbox is bounded ({@code sink_buffer_limit}): when full, {@code accept} throws and the recorder leaves
 *       the message unacknowledged, so the broker keeps it.</li>
 *   <li>Every remote is idempotent by {@link io.tombo.recorder.Reading#key()}: a batch is sent again after any
 *       failure and never stored twice (a key column with insert-unless-present in SQL, the same series and
 *       timestamp in InfluxDB, an {@code Idempotency-Key} header for webhooks).</li>
 *   <li>Nothing silent: buffered, sent, refused, failed and dead-lettered readings are counted
 *       ({@link io.tombo.recorder.sink.SinkCounters}); a remote going down or coming back is logged once.</li>
 * </ul>
 *
 * <h2>Threading</h2>
 * Each sink has one drain thread that alone owns its remote (connection, cached table columns, back-off). The outbox
 * is shared by the recorder thread (append) and the drain thread (read, remove) through synchronized short
 * transactions; no network call happens under its lock.
 */
package io.tombo.recorder.sink;
