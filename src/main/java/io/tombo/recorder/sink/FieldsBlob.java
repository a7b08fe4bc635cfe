package io.tombo.recorder.sink;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A reading's fields as one BLOB of the outbox: a count, then per field its name, a type byte and the value, so that
 * a {@link Long} comes back a {@code Long} and a {@link Double} a {@code Double} (JSON text would blur them).
 */
final class FieldsBlob {
    private static final byte DOUBLE = 'd';
    private static final byte LONG = 'l';
    private static final byte BOOLEAN = 'b';
    private static final byte STRING = 's';

    private FieldsBlob() {
    }

    static byte[] encode(Map<String, Object> fields) {
        var bytes = new ByteArrayOutputStream(16 + 24 * fields.size());
        try (var out = new DataOutputStream(bytes)) {
            out.writeInt(fields.size());
            for (Map.Entry<String, Object> field : fields.entrySet()) {
                writeString(out, field.getKey());
                switch (field.getValue()) {
                    case Double d -> {
                        out.writeByte(DOUBLE);
                        out.writeDouble(d);
                    }
                    case Long l -> {
                        out.writeByte(LONG);
                        out.writeLong(l);
                    }
                    case Boolean b -> {
                        out.writeByte(BOOLEAN);
                        out.writeBoolean(b);
                    }
                    case String s -> {
                        out.writeByte(STRING);
                        writeString(out, s);
                    }
                    default -> throw new IllegalArgumentException("unsupported field value " + field.getValue());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    static Map<String, Object> decode(byte[] blob) throws IOException {
        try (var in = new DataInputStream(new ByteArrayInputStream(blob))) {
            int count = in.readInt();
            Map<String, Object> fields = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String name = readString(in);
                byte type = in.readByte();
                Object value = switch (type) {
                    case DOUBLE -> in.readDouble();
                    case LONG -> in.readLong();
                    case BOOLEAN -> in.readBoolean();
                    case STRING -> readString(in);
                    default -> throw new IOException("corrupt outbox row: field type byte " + type);
                };
                fields.put(name, value);
            }
            return fields;
        }
    }

    // writeUTF stops at 64 KiB; a string field may be longer.
    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new IOException("corrupt outbox row: string length " + length);
        }
        return new String(in.readNBytes(length), java.nio.charset.StandardCharsets.UTF_8);
    }
}
