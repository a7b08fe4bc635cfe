/**
 * Reads Mosquitto's {@code mosquitto.conf} into immutable records: {@link io.tombo.config.BrokerConfig} and one
 * {@link io.tombo.config.ListenerConfig} per listener.
 *
 * <h2>The directive table</h2>
 * Mosquitto parses its configuration in one 1,500-line {@code if/else}. Here each directive is one row of a table,
 * {@link io.tombo.config.Directives#ALL}: name, scope, status, default, one line of meaning, and an action that
 * applies a parsed line to a mutable {@code Draft}. The same rows generate the table in
 * {@code docs/configuration.md}, and tests check that every directive of Mosquitto 2.0's mosquitto.conf(5) has a
 * row, so the parser, the documentation and Mosquitto's list cannot drift apart. A row has one of three statuses:
 * <ul>
 *   <li><b>implemented</b> - sets a field;</li>
 *   <li><b>accepted</b> - the value is checked, then ignored with a notice saying why Tombo does not need it
 *       ({@code autosave_interval}: Tombo commits every change);</li>
 *   <li><b>not supported yet</b> - the file is rejected: a broker must not start without a bridge or plugin that
 *       its configuration asks for.</li>
 * </ul>
 *
 * <pre>
 *  file ──lines──► Line (FILE:LINE, name, words, rest) ──Directives.find──► Directive.action ──► Draft
 *   ▲                                                                                             │
 *   └── include_dir: *.conf in Mosquitto's order, read in place                          toRecord()│
 *                                                                                                 ▼
 *                                                              BrokerConfig ── withPort(-p) ──► BrokerConfig
 * </pre>
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>Every error is a {@link io.tombo.config.ConfigException} whose message starts with {@code FILE:LINE: }
 *       of the offending line, in the included file when the line is in one.</li>
 *   <li>Mosquitto 2.0's defaults, including its secure ones: no listener means local-only mode (loopback,
 *       anonymous allowed, {@code listeners} empty); any configured listener means {@code allow_anonymous false}
 *       unless the file says otherwise.</li>
 *   <li>Values are kept as written: paths are not resolved against the configuration file.</li>
 *   <li>The records are immutable; lists in them are copies.</li>
 * </ul>
 *
 * <h2>Threading</h2>
 * A parse runs on the calling thread and shares nothing: each call has its own {@code Draft}. The records it returns
 * may be read from any thread.
 *
 * <p>This package imports the JDK only.
 */
package io.tombo.config;
