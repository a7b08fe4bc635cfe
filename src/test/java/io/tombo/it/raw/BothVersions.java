package io.tombo.it.raw;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Runs a test once as an MQTT 3.1.1 client (protocol level 4) and once as a 5.0 client (level 5). */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "MQTT level {0}")
@ValueSource(ints = {Packets.V311, Packets.V5})
@interface BothVersions {
}
