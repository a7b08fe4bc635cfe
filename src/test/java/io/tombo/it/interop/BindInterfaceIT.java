package io.tombo.it.interop;

import io.tombo.it.BrokerUnderTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code bind_interface lo}: the listener is reachable on the loopback interface's address. */
class BindInterfaceIT {
    @Test
    void listenerBoundToLoopbackInterfaceServesMosquittoPub() throws Exception {
        try (BrokerUnderTest broker = BrokerUnderTest.start("bind_interface lo")) {
            ChildProcess pub = ChildProcess.start(broker.dir(), List.of("mosquitto_pub", "-h", "127.0.0.1", "-p",
                    Integer.toString(broker.port()), "-t", "bound", "-m", "lo", "-q", "1"));
            assertThat(pub.exitStatus()).as("mosquitto_pub over lo; %s", pub.stderrText()).isZero();
        }
    }
}
