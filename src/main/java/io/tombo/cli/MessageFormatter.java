package io.tombo.cli;

import io.tombo.codec.Properties;
import io.tombo.codec.Property;
import io.tombo.codec.Publish;
import io.tombo.codec.UserProperty;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.function.Consumer;

/**
 * What {@code mosquitto_sub} prints for one message, byte for byte: the payload alone, {@code topic payload} with
 * {@code -v}, or the {@code -F} format with its {@code %} (message fields, flags, width and precision counted in
 * bytes), {@code @} (strftime, {@code @N} nanoseconds, {@code @@}) and {@code \} sequences. Mosquitto's quirks are
 * kept on purpose (a field width truncates {@code %p}, {@code %x} with a width prints half as many bytes as it
 * could), so that scripts written against mosquitto_sub's output read Tombo's the same.
 *
 * <p>Not thread-safe: one formatter per subscriber, called on the client's receive thread.
 */
final class MessageFormatter {
    private final String format;
    private final boolean verbose;
    private final boolean eol;
    private final boolean pretty;
    private final InstantSource clock;
    private final ZoneId zone;
    private final Consumer<String> errors;

    /**
     * @param format null for the default or verbose output
     * @param errors receives error lines (with their newline), e.g. a %J payload that is not JSON
     */
    MessageFormatter(String format, boolean verbose, boolean eol, boolean pretty, InstantSource clock, ZoneId zone,
                     Consumer<String> errors) {
        this.format = format;
        this.verbose = verbose;
        this.eol = eol;
        this.pretty = pretty;
        this.clock = clock;
        this.zone = zone;
        this.errors = errors;
    }

    /** The bytes to write for {@code m}; may be empty. */
    byte[] render(Publish m) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(m.payload().length + 64);
        if (format != null) {
            formatted(m, out);
        } else if (verbose) {
            out.writeBytes(utf8(m.topic()));
            if (m.payload().length > 0) {
                out.write(' ');
                out.writeBytes(m.payload());
                if (eol) {
                    out.write('\n');
                }
            } else if (eol) {
                out.writeBytes(utf8(" (null)\n"));
            } else {
                out.reset(); // mosquitto_sub prints nothing at all for an empty payload with -v -N
            }
        } else if (m.payload().length > 0) {
            out.writeBytes(m.payload());
            if (eol) {
                out.write('\n');
            }
        }
        return out.toByteArray();
    }

    private void formatted(Publish m, ByteArrayOutputStream out) {
        byte[] f = utf8(format);
        int len = f.length;
        ZonedDateTime now = null;
        Instant instant = null;
        for (int i = 0; i < len; i++) {
            byte c = f[i];
            if (c == '%') {
                Spec spec = new Spec();
                if (i < len - 1) {
                    i++;
                    if (f[i] == '-') {
                        spec.align = '-';
                        if (i < len - 1) {
                            i++;
                        }
                    }
                    if (f[i] == '0') {
                        spec.pad = '0';
                        if (i < len - 1) {
                            i++;
                        }
                    }
                    while (i < len - 1 && f[i] >= '0' && f[i] <= '9') {
                        spec.width = spec.width * 10 + (f[i] - '0');
                        i++;
                    }
                    if (f[i] == '.' && i < len - 1) {
                        i++;
                        spec.precision = 0;
                        while (i < len - 1 && f[i] >= '0' && f[i] <= '9') {
                            spec.precision = spec.precision * 10 + (f[i] - '0');
                            i++;
                        }
                    }
                    if (instant == null) {
                        instant = clock.instant();
                        now = instant.atZone(zone);
                    }
                    percent(m, (char) f[i], spec, now, instant, out);
                }
            } else if (c == '@') {
                if (i < len - 1) {
                    i++;
                    if (f[i] == '@') {
                        out.write('@');
                    } else {
                        if (instant == null) {
                            instant = clock.instant();
                            now = instant.atZone(zone);
                        }
                        if (f[i] == 'N') {
                            ascii(out, String.format("%09d", instant.getNano()));
                        } else {
                            ascii(out, CStrftime.format((char) (f[i] & 0xFF), now));
                        }
                    }
                }
            } else if (c == '\\') {
                if (i < len - 1) {
                    i++;
                    switch (f[i]) {
                        case '\\' -> out.write('\\');
                        case '0' -> out.write(0);
                        case 'a' -> out.write(7);
                        case 'e' -> out.write(27);
                        case 'n' -> out.write('\n');
                        case 'r' -> out.write('\r');
                        case 't' -> out.write('\t');
                        case 'v' -> out.write(11);
                        default -> { } // refused by FormatCheck before we get here
                    }
                }
            } else {
                out.write(c);
            }
        }
        if (eol) {
            out.write('\n');
        }
    }

    /** A conversion's flags: {@code -} alignment, {@code 0} padding, width and precision (-1 when absent). */
    private static final class Spec {
        char align;
        char pad = ' ';
        int width;
        int precision = -1;
    }

    private void percent(Publish m, char conversion, Spec s, ZonedDateTime now, Instant instant,
                         ByteArrayOutputStream out) {
        Properties p = m.properties();
        switch (conversion) {
            case '%' -> out.write('%');
            case 'A' -> optionalInt(p.integer(Property.TOPIC_ALIAS), s, out);
            case 'C' -> {
                String ct = p.string(Property.CONTENT_TYPE);
                if (ct != null) {
                    str(utf8(ct), s, out);
                } else {
                    blank(' ', s.width, out);
                }
            }
            case 'D' -> {
                byte[] cd = p.binary(Property.CORRELATION_DATA);
                if (cd != null) {
                    out.writeBytes(cd);
                }
            }
            case 'E' -> {
                Long e = p.fourByte(Property.MESSAGE_EXPIRY_INTERVAL);
                optionalInt(e == null ? null : (int) (long) e, s, out);
            }
            case 'F' -> optionalInt(p.integer(Property.PAYLOAD_FORMAT_INDICATOR), s, out);
            case 'I' -> str(utf8(iso8601(now)), s, out);
            case 'j' -> out.writeBytes(CJson.print(JsonMessage.of(m, instant, zone, true), pretty));
            case 'J' -> {
                CJson.Value json = JsonMessage.of(m, instant, zone, false);
                if (json == null) {
                    errors.accept("Error: Message payload is not valid JSON on topic " + m.topic() + ".\n");
                } else {
                    out.writeBytes(CJson.print(json, pretty));
                }
            }
            case 'l' -> integer(m.payload().length, s, out);
            case 'm' -> integer(m.packetId(), s, out);
            case 'P' -> userProperties(p, out);
            case 'p' -> payload(m.payload(), 0, s, out);
            case 'q' -> out.write('0' + m.qos().value());
            case 'R' -> {
                String rt = p.string(Property.RESPONSE_TOPIC);
                if (rt != null) {
                    str(utf8(rt), s, out);
                }
            }
            case 'r' -> out.write(m.retain() ? '1' : '0');
            case 'S' -> optionalInt(p.subscriptionIdentifiers().isEmpty() ? null
                    : p.subscriptionIdentifiers().getFirst(), s, out);
            case 't' -> str(utf8(m.topic()), s, out);
            case 'U' -> ascii(out, instant.getEpochSecond() + "." + String.format("%09d", instant.getNano()));
            case 'x' -> payload(m.payload(), 1, s, out);
            case 'X' -> payload(m.payload(), 2, s, out);
            default -> { } // refused by FormatCheck
        }
    }

    private static void userProperties(Properties p, ByteArrayOutputStream out) {
        boolean first = true;
        for (UserProperty u : p.userProperties()) {
            if (!first) {
                out.write(' ');
            }
            first = false;
            out.writeBytes(utf8(u.name() + ":" + u.value()));
        }
    }

    static String iso8601(ZonedDateTime t) {
        return CStrftime.format('F', t) + "T" + CStrftime.format('T', t) + CStrftime.format('z', t);
    }

    private static void optionalInt(Integer value, Spec s, ByteArrayOutputStream out) {
        if (value == null) {
            blank(s.pad, s.width, out);
        } else {
            integer(value, s, out);
        }
    }

    private static void blank(char pad, int width, ByteArrayOutputStream out) {
        for (int i = 0; i < width; i++) {
            out.write(pad);
        }
    }

    /** printf {@code %d}, {@code %-*d}, {@code %0*d} or {@code %*d}. */
    private static void integer(int value, Spec s, ByteArrayOutputStream out) {
        String digits = Integer.toString(value);
        if (s.width == 0 || digits.length() >= s.width) {
            ascii(out, digits);
        } else if (s.align == '-') {
            ascii(out, digits + " ".repeat(s.width - digits.length()));
        } else if (s.pad == '0') {
            String sign = value < 0 ? "-" : "";
            String abs = value < 0 ? digits.substring(1) : digits;
            ascii(out, sign + "0".repeat(s.width - digits.length()) + abs);
        } else {
            ascii(out, " ".repeat(s.width - digits.length()) + digits);
        }
    }

    /** printf {@code %s} with optional width and precision, both in bytes as C counts them. */
    private static void str(byte[] value, Spec s, ByteArrayOutputStream out) {
        int n = s.precision >= 0 ? Math.min(s.precision, value.length) : value.length;
        int padding = Math.max(0, s.width - n);
        if (s.align != '-') {
            blank(' ', padding, out);
        }
        out.write(value, 0, n);
        if (s.align == '-') {
            blank(' ', padding, out);
        }
    }

    /** mosquitto_sub's write_payload, quirks included. {@code hex}: 0 raw, 1 lower case, 2 upper case. */
    private static void payload(byte[] payload, int hex, Spec s, ByteArrayOutputStream out) {
        int n = payload.length;
        int padLen;
        if (s.width > 0) {
            if (n > s.width) {
                n = s.width;
            }
            if (hex > 0) {
                n /= 2;
                padLen = s.width - n * 2;
            } else {
                padLen = s.width - n;
            }
        } else {
            padLen = s.width - n;
        }
        if (s.align != '-') {
            blank(s.pad, padLen, out);
        }
        if (hex == 0) {
            out.write(payload, 0, n);
        } else {
            String f = hex == 1 ? "%02x" : "%02X";
            for (int i = 0; i < n; i++) {
                ascii(out, String.format(f, payload[i] & 0xFF));
            }
        }
        if (s.align == '-') {
            blank(' ', Math.abs(padLen), out); // printf("%*s", padLen, "") pads |padLen| for a negative width
        }
    }

    private static void ascii(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
