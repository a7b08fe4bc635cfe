package io.tombo.listener;

import io.netty.channel.unix.DomainSocketAddress;
import io.tombo.config.ListenerConfig;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The socket addresses one listener binds: its Unix socket; every address of its {@code bind_interface} (which wins
 * over a bind address, as in Mosquitto); its bind address; or the wildcard address of {@code socket_domain}.
 */
final class BindAddresses {
    private BindAddresses() {
    }

    static List<SocketAddress> of(ListenerConfig l) {
        if (l.unixSocketPath() != null) {
            return List.of(new DomainSocketAddress(l.unixSocketPath().toFile()));
        }
        if (l.bindInterface() != null) {
            return ofInterface(l);
        }
        if (l.bindAddress() != null) {
            return List.of(new InetSocketAddress(l.bindAddress(), l.port()));
        }
        if ("ipv4".equals(l.socketDomain())) {
            return List.of(new InetSocketAddress("0.0.0.0", l.port()));
        }
        if ("ipv6".equals(l.socketDomain())) {
            return List.of(new InetSocketAddress("::", l.port()));
        }
        return List.of(new InetSocketAddress(l.port()));
    }

    private static List<SocketAddress> ofInterface(ListenerConfig l) {
        NetworkInterface device;
        try {
            device = NetworkInterface.getByName(l.bindInterface());
        } catch (SocketException e) {
            device = null;
        }
        if (device == null) {
            throw new IllegalArgumentException(l.source() + ": bind_interface " + l.bindInterface()
                    + ": no such network interface");
        }
        List<SocketAddress> addresses = new ArrayList<>();
        for (InetAddress a : Collections.list(device.getInetAddresses())) {
            boolean wanted = l.socketDomain() == null
                    || ("ipv4".equals(l.socketDomain()) && a instanceof Inet4Address)
                    || ("ipv6".equals(l.socketDomain()) && a instanceof Inet6Address);
            if (wanted) {
                addresses.add(new InetSocketAddress(a, l.port()));
            }
        }
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException(l.source() + ": bind_interface " + l.bindInterface() + " has no "
                    + (l.socketDomain() == null ? "" : l.socketDomain() + " ") + "address");
        }
        return addresses;
    }
}
