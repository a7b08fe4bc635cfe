package io.tombo.codec;

/** The will message carried by CONNECT (spec 3.1.2.5, 3.1.3.2-3.1.3.4). */
public record Will(String topic, byte[] payload, QoS qos, boolean retain, Properties properties) {
}
