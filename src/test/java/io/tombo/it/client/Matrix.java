package io.tombo.it.client;

import io.tombo.codec.ProtocolVersion;
import org.junit.jupiter.params.provider.Arguments;

import java.util.stream.Stream;

/** Parameter sources: every test runs against both brokers, and protocol-level tests in every version. */
final class Matrix {
    private Matrix() {
    }

    static Stream<TestBroker.Kind> brokers() {
        return Stream.of(TestBroker.Kind.values());
    }

    static Stream<Arguments> brokersAndVersions() {
        return brokers().flatMap(k -> Stream.of(ProtocolVersion.values()).map(v -> Arguments.of(k, v)));
    }

    /** 3.1.1 and 5.0: the versions with sessions worth resuming and the ones the CLI defaults to. */
    static Stream<Arguments> brokersAndModernVersions() {
        return brokers().flatMap(k -> Stream.of(ProtocolVersion.MQTT_3_1_1, ProtocolVersion.MQTT_5)
                .map(v -> Arguments.of(k, v)));
    }
}
