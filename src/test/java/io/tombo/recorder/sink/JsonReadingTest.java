package io.tombo.recorder.sink;

import io.tombo.recorder.Reading;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JsonReadingTest {

    @Test
    void aReadingIsAJsonObjectWithTypedFields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("temperature", 26.7);
        fields.put("count", 3L);
        fields.put("ok", false);
        fields.put("note", "a \"b\"\n\u0001");
        fields.put("nan", Double.NaN);
        var r = new Reading("bme", "raspi/bme", Instant.parse("2026-11-22T08:00:00Z"), fields, "bme-1");
        assertThat(JsonReading.of(r)).isEqualTo("{\"rule\":\"bme\",\"topic\":\"raspi/bme\","
                + "\"time\":\"2026-11-22T08:00:00Z\",\"key\":\"bme-1\",\"fields\":{\"temperature\":26.7,\"count\":3,"
                + "\"ok\":false,\"note\":\"a \\\"b\\\"\\n\\u0001\",\"nan\":null}}");
    }
}
