/**
 * The state that must survive a restart, behind {@link io.tombo.store.Store}: the broker core describes each
 * change as a {@link io.tombo.store.Change} and is told when a batch is durable. {@link io.tombo.store.MemoryStore}
 * is Mosquitto's {@code persistence false}; {@code SqliteStore} is {@code persistence true}: a store thread that
 * gathers the changes and leaves out those undone soon after (a message its subscriber acknowledged), a writer thread
 * that commits them in groups, WAL. The package imports only the codec, the JDK and JDBC: it knows nothing of sessions beyond
 * these records.
 */
package io.tombo.store;
