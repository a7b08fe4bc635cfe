/**
 * Interoperability tests: real, independently written MQTT clients against the broker under test.
 *
 * <p>Each class drives one client family exactly the way its users do: Paho Java v3 and v5, the HiveMQ client,
 * Debian's {@code mosquitto_pub}/{@code mosquitto_sub} as child processes, and the Python paho-mqtt scripts from
 * the tutorials our users learn from ({@code src/test/resources/seeds/}). A test passes when the message the
 * receiving client hands to its application is exactly what the sending client was given: topic, payload bytes,
 * QoS, retain flag and, for MQTT 5, the properties the spec says the broker forwards unchanged.
 *
 * <p>Every class runs against Tombo by default and against Debian's Mosquitto with
 * {@code -Dtombo.it.broker=mosquitto}, which is how the tests themselves are validated. Where Mosquitto departs
 * from the specification the test follows the specification and is skipped for Mosquitto, naming the rule.
 *
 * <p>Nothing here sleeps. A child process is "subscribed" only once its SUBACK has passed through a
 * {@link io.tombo.it.interop.SubAckTap}, so publishing after that point can never race the subscription; Java
 * clients wait on their own tokens, and every wait has a timeout.
 */
package io.tombo.it.interop;
