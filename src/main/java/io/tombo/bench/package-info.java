/**
 * The engine of {@code tombo bench}: a load generator lean enough not to be the bottleneck of the broker it measures
 * on the same two cores.
 *
 * <h2>Why not the client library</h2>
 * {@link io.tombo.client.MqttClient} gives every publish a future, a queue entry and a session lock; at hundreds of
 * thousands of messages per second that costs more CPU than the broker spends routing them. Here the handshake goes
 * through the codec (strict CONNECT / CONNACK / SUBSCRIBE / SUBACK), then a connection carries only pre-encoded bytes:
 * <pre>
 *   Publisher ── copy PublishTemplate, patch id + Stamp ×N ──► one write() per batch of up to 64 KiB
 *        ▲ Window: slots taken in bulk, returned once per read batch
 *   its Reader ◄── PUBACK / PUBREC (answers PUBREL) / PUBCOMP ◄── socket
 *   SubscriberReader ◄── FrameParser, in place, no allocation ◄── socket
 *        └─► Tally (latency histogram, sequence gaps) ; PUBACK / PUBREC / PUBCOMP batched into one write()
 * </pre>
 *
 * <h2>Engines: who drives the connections</h2>
 * The same publishers and readers run on one of two {@link io.tombo.bench.Engine}s. Over plain TCP the
 * {@link io.tombo.bench.SelectorEngine} puts every connection on one of {@code --io-threads} (default one)
 * {@link io.tombo.bench.SelectorLoop}s: non-blocking writes (a batch the socket did not take waits, and its publisher
 * with it), reads when the selector reports them, one wake-up for many connections, so the generator stays below
 * the broker it measures however many connections there are. A selector waits in milliseconds, so each loop has a
 * ticker thread that parks to the nanosecond and wakes it for paced publishers. Over TLS (a blocking
 * {@link javax.net.ssl.SSLSocket}), or with {@code --io-threads 0}, the {@link io.tombo.bench.ThreadEngine} gives
 * every reader and publisher a thread (platform threads up to a thousand connections, virtual beyond): each small
 * read is a wake-up of its own, but a paced publisher is one wake-up from its timer to its write, the lowest floor
 * under latency at low rates.
 *
 * <h2>Connections ({@code bench conn})</h2>
 * Opening ten thousand connections is a different load: each costs a CONNECT and a CONNACK and nothing else, so the
 * generator's cost per connect is the figure to keep below the broker's. On plain TCP the {@link
 * io.tombo.bench.SelectorFleet} opens, holds (PINGREQ every half keep alive) and closes all of them on one thread
 * with a {@link java.nio.channels.Selector}: 150-200 µs of CPU per connect, a third of it the kernel's side of the
 * TCP handshake, where blocking sockets on virtual threads (each read a park and a wake-up by the JDK's poller)
 * cost 320 µs, three times Mosquitto's own, and bounded every broker's connect rate on two cores. Over TLS the
 * handshake dominates, and the {@link io.tombo.bench.ThreadFleet} keeps the blocking
 * {@link javax.net.ssl.SSLSocket}s.
 *
 * <h2>Time and latency</h2>
 * Every payload starts with a {@link io.tombo.bench.Stamp}: the intended send time, the publisher's number and its
 * sequence number. At a fixed rate the intended time is the {@link io.tombo.bench.Pacer}'s schedule, not the moment
 * the bytes left, so a stalled publisher or broker shows as latency instead of hiding (coordinated omission). Closed
 * loop stamps the send time. Times are {@link io.tombo.bench.BenchClock} epoch nanoseconds, so {@code bench pub} and
 * {@code bench sub} in two processes agree.
 *
 * <h2>Ownership</h2>
 * Each {@link io.tombo.bench.Tally} and each publisher's counters have one writer (its thread, or its selector
 * loop) and are published to the coordinating thread once per batch through a volatile field; histograms are merged
 * after the readers have ended.
 */
package io.tombo.bench;
