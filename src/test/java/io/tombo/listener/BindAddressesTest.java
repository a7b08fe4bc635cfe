package io.tombo.listener;

import io.tombo.config.ConfigParser;
import io.tombo.config.ListenerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BindAddressesTest {
    @TempDir
    Path dir;

    private ListenerConfig listener(String lines) throws Exception {
        Path conf = dir.resolve("b.conf");
        Files.writeString(conf, lines + "\n");
        return ConfigParser.parse(conf).listeners().getFirst();
    }

    @Test
    void interfaceMeansEachOfItsAddressesAndWinsOverTheListenerAddress() throws Exception {
        var addresses = BindAddresses.of(listener("listener 1884 192.0.2.1\nbind_interface lo\nsocket_domain ipv4"));
        assertThat(addresses).containsExactly(new InetSocketAddress("127.0.0.1", 1884));
    }

    @Test
    void unknownInterfaceIsAnErrorNamingTheListener() throws Exception {
        ListenerConfig l = listener("listener 1884\nbind_interface nosuch0");
        assertThatThrownBy(() -> BindAddresses.of(l))
                .hasMessage(l.source() + ": bind_interface nosuch0: no such network interface");
    }
}
