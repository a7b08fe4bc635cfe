package io.tombo.recorder;

import io.tombo.config.RecordRule;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PayloadReaderTest {
    private static final Instant ARRIVAL = Instant.parse("2024-06-01T00:00:00Z");
    private static final String BME = "{\"timestamp\": \"2024-05-01T12:00:00+00:00\", \"temperature\": 26.7, "
            + "\"humidity\": 57.5, \"pressure\": 997.8}";

    static RecordRule rule(RecordRule.Format format, List<String> fields, RecordRule.Time time) {
        return new RecordRule("raspi_bme", "raspi/bme", "t.conf:1", format, fields, time, List.of("embedded"), 1,
                null);
    }

    private static Reading read(RecordRule rule, String payload) throws BadPayload {
        return new PayloadReader(rule).read("raspi/bme", payload.getBytes(StandardCharsets.UTF_8), ARRIVAL);
    }

    private static Reading json(String payload) throws BadPayload {
        return read(rule(RecordRule.Format.JSON, List.of(), RecordRule.Time.DEFAULT), payload);
    }

    @Test
    void tutorialPayloadBecomesOneFieldPerMeasurementAtItsTimestamp() throws BadPayload {
        Reading r = json(BME);
        assertThat(r.rule()).isEqualTo("raspi_bme");
        assertThat(r.topic()).isEqualTo("raspi/bme");
        assertThat(r.time()).isEqualTo(Instant.parse("2024-05-01T12:00:00Z"));
        assertThat(r.fields()).containsExactly(Map.entry("temperature", 26.7), Map.entry("humidity", 57.5),
                Map.entry("pressure", 997.8));
    }

    @Test
    void sameMessageGetsTheSameKeyAndAnotherMessageAnother() throws BadPayload {
        assertThat(json(BME).key()).isEqualTo(json(BME).key()).hasSize(32);
        assertThat(json(BME.replace("26.7", "26.8")).key()).isNotEqualTo(json(BME).key());
    }

    @Test
    void withoutTimestampTheArrivalTimeCountsAndIsPartOfTheKey() throws BadPayload {
        Reading r = json("{\"t\": 1}");
        assertThat(r.time()).isEqualTo(ARRIVAL);
        Reading later = new PayloadReader(rule(RecordRule.Format.JSON, List.of(), RecordRule.Time.DEFAULT))
                .read("raspi/bme", "{\"t\": 1}".getBytes(StandardCharsets.UTF_8), ARRIVAL.plusMillis(1));
        assertThat(later.key()).isNotEqualTo(r.key());
    }

    @Test
    void timestampsInEveryAcceptedForm() throws BadPayload {
        Instant noon = Instant.parse("2024-05-01T12:00:00Z");
        assertThat(json("{\"timestamp\": \"2024-05-01T14:00:00+02:00\", \"x\": 1}").time()).isEqualTo(noon);
        assertThat(json("{\"timestamp\": \"2024-05-01T12:00:00Z\", \"x\": 1}").time()).isEqualTo(noon);
        assertThat(json("{\"timestamp\": \"2024-05-01 12:00:00.000+00:00\", \"x\": 1}").time()).isEqualTo(noon);
        assertThat(json("{\"timestamp\": 1714564800, \"x\": 1}").time()).isEqualTo(noon);
        assertThat(json("{\"timestamp\": 1714564800.5, \"x\": 1}").time()).isEqualTo(noon.plusMillis(500));
        assertThat(json("{\"timestamp\": 1714564800000, \"x\": 1}").time()).isEqualTo(noon);
        assertThat(json("{\"timestamp\": \"1714564800000\", \"x\": 1}").time()).isEqualTo(noon);
    }

    @Test
    void valueTypesAndNestedObjects() throws BadPayload {
        Reading r = json("{\"n\": 3, \"ok\": true, \"state\": \"on\", \"bme\": {\"t\": 1.5}, \"list\": [1, 2], "
                + "\"none\": null}");
        assertThat(r.fields()).containsExactly(Map.entry("n", 3L), Map.entry("ok", true), Map.entry("state", "on"),
                Map.entry("bme.t", 1.5));
    }

    @Test
    void fieldSubsetKeepsTheConfiguredOrder() throws BadPayload {
        Reading r = read(rule(RecordRule.Format.JSON, List.of("pressure", "temperature"), RecordRule.Time.DEFAULT),
                BME);
        assertThat(r.fields()).containsExactly(Map.entry("pressure", 997.8), Map.entry("temperature", 26.7));
    }

    @Test
    void plainNumbersAndText() throws BadPayload {
        RecordRule number = rule(RecordRule.Format.NUMBER, List.of(), RecordRule.Time.ARRIVAL);
        assertThat(read(number, " 21.5\n").fields()).containsExactly(Map.entry("value", 21.5));
        assertThat(read(number, "42").fields()).containsExactly(Map.entry("value", 42L));
        assertThat(read(number, "-1e3").fields()).containsExactly(Map.entry("value", -1000.0));
        RecordRule text = rule(RecordRule.Format.TEXT, List.of(), RecordRule.Time.ARRIVAL);
        assertThat(read(text, "door open").fields()).containsExactly(Map.entry("value", "door open"));
    }

    @Test
    void badPayloadsSayWhy() {
        RecordRule number = rule(RecordRule.Format.NUMBER, List.of(), RecordRule.Time.ARRIVAL);
        RecordRule text = rule(RecordRule.Format.TEXT, List.of(), RecordRule.Time.ARRIVAL);
        RecordRule required = rule(RecordRule.Format.JSON, List.of(), new RecordRule.Time("ts", true));
        RecordRule subset = rule(RecordRule.Format.JSON, List.of("a", "b"), RecordRule.Time.DEFAULT);
        assertThatThrownBy(() -> json("not json")).hasMessageStartingWith("invalid JSON");
        assertThatThrownBy(() -> json("[1, 2]")).hasMessage("not a JSON object");
        assertThatThrownBy(() -> json("{\"a\": 1} x")).hasMessageStartingWith("invalid JSON");
        assertThatThrownBy(() -> json("{\"a\": 1")).hasMessageStartingWith("invalid JSON");
        assertThatThrownBy(() -> json("{}")).hasMessage("no number, boolean or string field");
        assertThatThrownBy(() -> json("{\"timestamp\": \"2024-05-01T12:00:00\", \"x\": 1}"))
                .hasMessageContaining("has no UTC offset");
        assertThatThrownBy(() -> json("{\"timestamp\": \"yesterday\", \"x\": 1}"))
                .hasMessageContaining("neither ISO-8601 with an offset nor epoch time");
        assertThatThrownBy(() -> json("{\"timestamp\": 1714564800000000, \"x\": 1}"))
                .hasMessageContaining("not epoch seconds or milliseconds");
        assertThatThrownBy(() -> json("{\"timestamp\": true, \"x\": 1}")).hasMessageContaining("is not a time");
        assertThatThrownBy(() -> read(required, "{\"x\": 1}")).hasMessage("no 'ts' field (record_time ts)");
        assertThatThrownBy(() -> read(subset, "{\"x\": 1}")).hasMessage("none of the fields a,b");
        assertThatThrownBy(() -> read(number, "warm")).hasMessage("not a number: 'warm'");
        assertThatThrownBy(() -> read(number, "NaN")).hasMessage("not a number: 'NaN'");
        assertThatThrownBy(() -> new PayloadReader(text).read("t", new byte[]{(byte) 0xff}, ARRIVAL))
                .hasMessage("not UTF-8 text");
    }
}
