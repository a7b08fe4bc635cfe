package io.tombo.it.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Optional;

import static org.awaitility.Awaitility.await;

/** Ports and addresses for brokers run as child processes. */
final class Net {
    private Net() {
    }

    /** A port that was free a moment ago (the OS picks it, so never 1883). */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether a TCP connection to {@code host:port} is accepted. */
    static boolean accepts(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Waits until the broker {@code broker} accepts connections on 127.0.0.1:{@code port}. */
    static void awaitAccepting(Program broker, int port) {
        await().atMost(Program.TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (accepts("127.0.0.1", port)) {
                return true;
            }
            if (!broker.isAlive()) {
                throw new AssertionError("broker exited before accepting on " + port + "; " + broker.describe());
            }
            return false;
        });
    }

    /** An IPv4 address of this machine that is not loopback, if it has one. */
    static Optional<InetAddress> nonLoopbackIpv4() {
        try {
            return NetworkInterface.networkInterfaces()
                    .filter(Net::isUp)
                    .flatMap(NetworkInterface::inetAddresses)
                    .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                    .findFirst();
        } catch (SocketException e) {
            return Optional.empty();
        }
    }

    private static boolean isUp(NetworkInterface n) {
        try {
            return n.isUp() && !n.isLoopback();
        } catch (SocketException e) {
            return false;
        }
    }
}
