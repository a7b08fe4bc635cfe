/**
 * Black-box conformance tests that speak MQTT in raw bytes over real sockets, after Mosquitto's
 * {@code test/broker/} scripts: {@code ConnectIT} (01-connect), {@code SubscribePublishIT} (02-subpub),
 * {@code PublishQosIT} (03-publish), {@code RetainIT} (04-retain), {@code WillIT} (07-will), {@code SessionIT} and
 * {@code MalformedIT}.
 *
 * <p>The bytes come from {@link io.tombo.it.raw.Packets} and {@link io.tombo.it.raw.Props}, written from the spec by
 * hand and independent of Tombo's codec, so a codec bug cannot hide behind a matching encoder in the test.
 * {@link io.tombo.it.raw.RawClient} holds no protocol state: it writes bytes, reads one packet with a timeout, or
 * expects the broker to close. Nothing sleeps; absence is proved by a live "sentinel" message sent after the one that
 * must not arrive (messages from one publisher keep their order, 4.6), and only where that is impossible by a short
 * read that must time out.
 *
 * <p>Each test names the spec rule it checks ({@code [MQTT-x.y.z-n]}, 3.1.1 and 5.0 numbering differ and both are
 * given where they do). Where the spec leaves a choice, the test pins what Mosquitto 2.0.11 does, so a Mosquitto
 * user notices no difference. Where Mosquitto breaks a rule, the test follows the spec and is disabled when
 * {@code -Dtombo.it.broker=mosquitto} runs it against the reference broker, with the deviation as the reason.
 */
package io.tombo.it.raw;
