package io.tombo.codec;

import java.nio.ByteBuffer;
import java.util.Map;

/**
 * Writes an MQTT 5 property block (spec 2.2.2): single-valued properties in identifier order, subscription
 * identifiers as repeated entries at their identifier's place, then user properties in their own order.
 */
final class PropertiesEncoder {
    private PropertiesEncoder() {
    }

    /** The bytes of the properties themselves, without the length prefix. */
    static int contentLength(Properties properties) {
        if (properties.isEmpty()) {
            return 0;
        }
        int len = 0;
        for (Map.Entry<Property, Object> e : properties.singleValued().entrySet()) {
            len += 1 + valueLength(e.getKey(), e.getValue());
        }
        for (int id : properties.subscriptionIdentifiers()) {
            len += 1 + WireWriter.varintSize(id);
        }
        for (UserProperty u : properties.userProperties()) {
            len += 1 + WireWriter.stringSize(u.name()) + WireWriter.stringSize(u.value());
        }
        return len;
    }

    /** Length prefix plus content: what a packet body spends on its properties. */
    static int blockLength(int contentLength) {
        return WireWriter.varintSize(contentLength) + contentLength;
    }

    private static int valueLength(Property p, Object value) {
        return switch (p.type()) {
            case BYTE -> checkRange(p, (Integer) value, 0xFF, 1);
            case TWO_BYTE -> checkRange(p, (Integer) value, 0xFFFF, 2);
            case FOUR_BYTE -> checkRange(p, (Long) value, 0xFFFF_FFFFL, 4);
            case VARINT -> WireWriter.varintSize((Integer) value);
            case UTF8 -> WireWriter.stringSize((String) value);
            case BINARY -> WireWriter.binarySize((byte[]) value);
            case UTF8_PAIR -> throw new IllegalStateException("user properties are listed apart");
        };
    }

    private static int checkRange(Property p, long value, long max, int size) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(p + " out of range: " + value);
        }
        return size;
    }

    static void write(ByteBuffer out, Properties properties, int contentLength) {
        WireWriter.putVarint(out, contentLength);
        if (contentLength == 0) {
            return;
        }
        boolean subscriptionIdsWritten = false;
        for (Map.Entry<Property, Object> e : properties.singleValued().entrySet()) {
            Property p = e.getKey();
            if (!subscriptionIdsWritten && p.id() > Property.SUBSCRIPTION_IDENTIFIER.id()) {
                writeSubscriptionIds(out, properties);
                subscriptionIdsWritten = true;
            }
            out.put((byte) p.id());
            writeValue(out, p, e.getValue());
        }
        if (!subscriptionIdsWritten) {
            writeSubscriptionIds(out, properties);
        }
        for (UserProperty u : properties.userProperties()) {
            out.put((byte) Property.USER_PROPERTY.id());
            WireWriter.putString(out, u.name());
            WireWriter.putString(out, u.value());
        }
    }

    private static void writeSubscriptionIds(ByteBuffer out, Properties properties) {
        for (int id : properties.subscriptionIdentifiers()) {
            out.put((byte) Property.SUBSCRIPTION_IDENTIFIER.id());
            WireWriter.putVarint(out, id);
        }
    }

    private static void writeValue(ByteBuffer out, Property p, Object value) {
        switch (p.type()) {
            case BYTE -> out.put((byte) (int) (Integer) value);
            case TWO_BYTE -> out.putShort((short) (int) (Integer) value);
            case FOUR_BYTE -> out.putInt((int) (long) (Long) value);
            case VARINT -> WireWriter.putVarint(out, (Integer) value);
            case UTF8 -> WireWriter.putString(out, (String) value);
            case BINARY -> WireWriter.putBinary(out, (byte[]) value);
            case UTF8_PAIR -> throw new IllegalStateException("user properties are listed apart");
        }
    }
}
