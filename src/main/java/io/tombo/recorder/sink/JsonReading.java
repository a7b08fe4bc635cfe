package io.tombo.recorder.sink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tombo.recorder.Reading;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * A reading as the JSON object a webhook receives:
 * {@code {"rule":"bme","topic":"raspi/bme","time":"2026-01-02T03:04:05Z","key":"...","fields":{"temperature":26.7}}}.
 * Whole numbers stay whole, NaN and infinities (which JSON lacks) become {@code null}.
 */
final class JsonReading {
    private static final JsonFactory JSON = new JsonFactory();

    private JsonReading() {
    }

    static String of(Reading r) {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("rule", r.rule());
            g.writeStringField("topic", r.topic());
            g.writeStringField("time", r.time().toString());
            g.writeStringField("key", r.key());
            g.writeObjectFieldStart("fields");
            for (Map.Entry<String, Object> field : r.fields().entrySet()) {
                g.writeFieldName(field.getKey());
                switch (field.getValue()) {
                    case Double d when Double.isFinite(d) -> g.writeNumber(d);
                    case Double d -> g.writeNull();
                    case Long l -> g.writeNumber(l);
                    case Boolean b -> g.writeBoolean(b);
                    case String s -> g.writeString(s);
                    default -> throw new IllegalArgumentException("unsupported value " + field.getValue());
                }
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }
}
