/**
 * The state that must survive a restart, behind {@link io.tombo.store.Store}. {@link io.tombo.store.MemoryStore}
 * is Mosquitto's {@code persistence false}: nothing outlives the process. Implementations are thread-safe; the
 * broker calls them from any event loop and never blocks on them for in-memory operation.
 */
package io.tombo.store;
