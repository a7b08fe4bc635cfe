package io.tombo.cli;

import io.tombo.codec.PacketType;
import io.tombo.codec.Properties;
import io.tombo.codec.Property;
import io.tombo.codec.UserProperty;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * {@code -D command identifier value} (and {@code -D command user-property name value}): an MQTT 5 property for
 * one of the packets the client sends, with Mosquitto's names ({@code session-expiry-interval}), its checks and its
 * C number parsing ({@code atoi}: "x" is 0).
 */
final class PropertyArgument {
    private PropertyArgument() {
    }

    /** Reads the property starting at {@code args[i]} (the command); returns the index of its last argument. */
    static int apply(ClientConfig c, List<String> args, int i) throws UsageError {
        if (i + 2 > args.size() - 1) {
            throw notEnough();
        }
        String command = args.get(i);
        String name = args.get(i + 1);
        if (!isCommand(command)) {
            throw ClientArgs.error("Invalid command given in --property argument.\n\n");
        }
        Property p = property(name);
        if (p == null) {
            throw ClientArgs.error("Invalid property name given in --property argument.\n\n");
        }
        boolean allowed = command.equals("will") ? p.inWill()
                : p.allowedIn(PacketType.valueOf(command.toUpperCase(Locale.ROOT)));
        if (!allowed) {
            throw ClientArgs.error(name + " property not allowed for " + command + " in --property argument.\n\n");
        }
        String key = null;
        String value;
        int last;
        if (p == Property.USER_PROPERTY) {
            if (i + 2 > args.size() - 1) {
                throw notEnough();
            }
            if (i + 3 > args.size() - 1) {
                throw notEnough();
            }
            key = args.get(i + 2);
            value = args.get(i + 3);
            last = i + 3;
        } else {
            value = args.get(i + 2);
            last = i + 2;
        }
        Properties.Builder target = switch (command) {
            case "connect" -> c.connectProps;
            case "publish" -> {
                if (p == Property.SUBSCRIPTION_IDENTIFIER) {
                    throw notSupported(name, command);
                }
                yield c.publishProps;
            }
            case "subscribe" -> {
                if (p != Property.SUBSCRIPTION_IDENTIFIER && p != Property.USER_PROPERTY) {
                    throw notSupported(name, command);
                }
                yield c.subscribeProps;
            }
            case "unsubscribe" -> c.unsubscribeProps;
            case "disconnect" -> c.disconnectProps;
            case "will" -> c.willProps;
            default -> throw notSupported(name, command);
        };
        add(target, p, key, value);
        return last;
    }

    private static void add(Properties.Builder target, Property p, String key, String value) {
        switch (p.type()) {
            case BYTE -> target.put(p, CNumbers.atoi(value) & 0xFF);
            case TWO_BYTE -> target.put(p, CNumbers.atoi(value) & 0xFFFF);
            case FOUR_BYTE -> target.put(p, CNumbers.atoi(value) & 0xFFFF_FFFFL);
            case VARINT -> target.put(p, CNumbers.atoi(value));
            case UTF8 -> target.put(p, value);
            case BINARY -> target.put(p, value.getBytes(StandardCharsets.UTF_8));
            case UTF8_PAIR -> target.put(p, new UserProperty(key, value));
        }
    }

    /** Mosquitto's property names are the spec's, lower case with dashes. */
    static Property property(String name) {
        for (Property p : Property.values()) {
            if (p.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(name)) {
                return p;
            }
        }
        return null;
    }

    private static boolean isCommand(String s) {
        return switch (s) {
            case "connect", "connack", "publish", "puback", "pubrec", "pubrel", "pubcomp", "subscribe", "suback",
                 "unsubscribe", "unsuback", "disconnect", "auth", "will" -> true;
            default -> false;
        };
    }

    private static UsageError notEnough() {
        return ClientArgs.error("--property argument given but not enough arguments specified.\n\n");
    }

    private static UsageError notSupported(String name, String command) {
        return ClientArgs.error(name + " property not supported for " + command + " in --property argument.\n\n");
    }
}
