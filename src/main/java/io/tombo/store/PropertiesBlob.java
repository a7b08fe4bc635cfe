package io.tombo.store;

import io.tombo.codec.Properties;
import io.tombo.codec.Property;
import io.tombo.codec.UserProperty;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * MQTT 5 properties as a column value. Not the wire format: the codec's decoder checks which properties each
 * packet may carry, and a will's properties are no PUBLISH's. This format takes any {@link Properties} and gives
 * back an equal one, user properties and subscription identifiers in their order, binary values byte for byte.
 *
 * <pre>
 *   blob  = version(1) entry*
 *   entry = property id (u8), then by the property's type: BYTE, TWO_BYTE, VARINT as s32; FOUR_BYTE as s64;
 *           UTF8 and BINARY as s32 length + bytes; USER_PROPERTY as two such strings
 * </pre>
 * Subscription identifiers are repeated SUBSCRIPTION_IDENTIFIER entries. Empty properties are stored as NULL.
 */
final class PropertiesBlob {
    private static final int VERSION = 1;

    private PropertiesBlob() {
    }

    /** The column value: null for no properties. */
    static byte[] encode(Properties properties) {
        if (properties == null || properties.isEmpty()) {
            return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            for (Map.Entry<Property, Object> e : properties.singleValued().entrySet()) {
                out.writeByte(e.getKey().id());
                writeValue(out, e.getKey(), e.getValue());
            }
            for (int id : properties.subscriptionIdentifiers()) {
                out.writeByte(Property.SUBSCRIPTION_IDENTIFIER.id());
                out.writeInt(id);
            }
            for (UserProperty u : properties.userProperties()) {
                out.writeByte(Property.USER_PROPERTY.id());
                writeBytes(out, u.name().getBytes(StandardCharsets.UTF_8));
                writeBytes(out, u.value().getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    /** The properties of a column value written by {@link #encode}; {@link Properties#EMPTY} for null. */
    static Properties decode(byte[] blob) {
        if (blob == null || blob.length == 0) {
            return Properties.EMPTY;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(blob))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IllegalStateException("properties column of unknown format " + version);
            }
            Properties.Builder builder = Properties.builder();
            while (in.available() > 0) {
                int id = in.readUnsignedByte();
                Property p = Property.of(id);
                if (p == null) {
                    throw new IllegalStateException("properties column holds unknown property 0x"
                            + Integer.toHexString(id));
                }
                builder.put(p, readValue(in, p));
            }
            return builder.build();
        } catch (IOException e) {
            throw new IllegalStateException("properties column is truncated", e);
        }
    }

    private static void writeValue(DataOutputStream out, Property p, Object value) throws IOException {
        switch (p.type()) {
            case BYTE, TWO_BYTE, VARINT -> out.writeInt((Integer) value);
            case FOUR_BYTE -> out.writeLong((Long) value);
            case UTF8 -> writeBytes(out, ((String) value).getBytes(StandardCharsets.UTF_8));
            case BINARY -> writeBytes(out, (byte[]) value);
            case UTF8_PAIR -> throw new IllegalStateException("user properties are listed apart");
        }
    }

    private static Object readValue(DataInputStream in, Property p) throws IOException {
        return switch (p.type()) {
            case BYTE, TWO_BYTE, VARINT -> in.readInt();
            case FOUR_BYTE -> in.readLong();
            case UTF8 -> readString(in);
            case BINARY -> readBytes(in);
            case UTF8_PAIR -> new UserProperty(readString(in), readString(in));
        };
    }

    private static void writeBytes(DataOutputStream out, byte[] value) throws IOException {
        out.writeInt(value.length);
        out.write(value);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new IOException("length " + length + " beyond the column");
        }
        return in.readNBytes(length);
    }

    private static String readString(DataInputStream in) throws IOException {
        return new String(readBytes(in), StandardCharsets.UTF_8);
    }
}
