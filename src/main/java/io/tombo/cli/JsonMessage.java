package io.tombo.cli;

import io.tombo.codec.Properties;
import io.tombo.codec.Property;
import io.tombo.codec.Publish;
import io.tombo.codec.UserProperty;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;

/**
 * The object mosquitto_sub prints for {@code %j} and {@code %J}: {@code tst}, {@code topic}, {@code qos},
 * {@code retain}, {@code payloadlen}, {@code mid} (QoS above 0), {@code properties} (MQTT 5) and {@code payload}.
 * With {@code %j} the payload is a string (cut at the first NUL, as a C string); with {@code %J} it is the payload
 * parsed as JSON. Properties appear in identifier order with subscription identifiers at their place and user
 * properties last, which is the order Tombo's codec writes them in (Mosquitto prints wire order).
 */
final class JsonMessage {
    private JsonMessage() {
    }

    /** The message as JSON, or null for {@code %J} when the payload is not JSON. */
    static CJson.Value of(Publish m, Instant instant, ZoneId zone, boolean escapedPayload) {
        CJson.Obj root = CJson.object();
        root.add("tst", ascii(timestamp(instant.atZone(zone), instant.getNano())));
        root.add("topic", CJson.string(CJson.Cstr.bytes(m.topic())));
        root.add("qos", new CJson.Num(m.qos().value()));
        root.add("retain", new CJson.Num(m.retain() ? 1 : 0));
        root.add("payloadlen", new CJson.Num(m.payload().length));
        if (m.qos().value() > 0) {
            root.add("mid", new CJson.Num(m.packetId()));
        }
        if (!m.properties().isEmpty()) {
            root.add("properties", properties(m.properties()));
        }
        CJson.Value payload;
        if (m.payload().length == 0) {
            payload = new CJson.Null();
        } else if (escapedPayload) {
            payload = CJson.string(CJson.Cstr.untilNul(m.payload()));
        } else {
            payload = CJson.parse(m.payload());
            if (payload == null) {
                return null;
            }
        }
        return root.add("payload", payload);
    }

    /** {@code 2020-05-06T21:48:00.123456Z+0100}: mosquitto_sub's layout, with its literal Z before the offset. */
    static String timestamp(ZonedDateTime t, int nanos) {
        return CStrftime.format('Y', t) + "-" + CStrftime.format('m', t) + "-" + CStrftime.format('d', t) + "T"
                + CStrftime.format('T', t) + "." + String.format("%06d", nanos / 1000) + "Z" + CStrftime.format('z', t);
    }

    private static CJson.Obj properties(Properties p) {
        CJson.Obj json = CJson.object();
        boolean subscriptionIdsDone = false;
        for (Map.Entry<Property, Object> e : p.singleValued().entrySet()) {
            if (!subscriptionIdsDone && e.getKey().id() > Property.SUBSCRIPTION_IDENTIFIER.id()) {
                subscriptionIds(p, json);
                subscriptionIdsDone = true;
            }
            add(json, e.getKey(), e.getValue());
        }
        if (!subscriptionIdsDone) {
            subscriptionIds(p, json);
        }
        if (!p.userProperties().isEmpty()) {
            CJson.Obj users = CJson.object();
            for (UserProperty u : p.userProperties()) {
                users.add(u.name(), CJson.string(CJson.Cstr.bytes(u.value())));
            }
            json.add("user-properties", users);
        }
        return json;
    }

    private static void subscriptionIds(Properties p, CJson.Obj json) {
        for (int id : p.subscriptionIdentifiers()) {
            json.add("subscription-identifier", new CJson.Num(id));
        }
    }

    private static void add(CJson.Obj json, Property p, Object value) {
        switch (p) {
            case PAYLOAD_FORMAT_INDICATOR -> json.add("payload-format-indicator", new CJson.Num((Integer) value));
            case MESSAGE_EXPIRY_INTERVAL -> json.add("message-expiry-interval", new CJson.Num((Long) value));
            case CONTENT_TYPE -> json.add("content-type", CJson.string(CJson.Cstr.bytes((String) value)));
            case RESPONSE_TOPIC -> json.add("response-topic", CJson.string(CJson.Cstr.bytes((String) value)));
            case CORRELATION_DATA -> json.add("correlation-data", CJson.string(CJson.Cstr.untilNul((byte[]) value)));
            case TOPIC_ALIAS -> json.add("topic-alias", new CJson.Num((Integer) value));
            default -> { } // mosquitto_sub prints only the properties a PUBLISH can carry to a subscriber
        }
    }

    private static CJson.Str ascii(String s) {
        return CJson.string(s.getBytes(StandardCharsets.US_ASCII));
    }
}
