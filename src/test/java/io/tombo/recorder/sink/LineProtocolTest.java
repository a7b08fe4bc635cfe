package io.tombo.recorder.sink;

import io.tombo.recorder.Reading;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LineProtocolTest {

    private static Reading reading(String topic, Map<String, Object> fields) {
        return new Reading("bme", topic, Instant.parse("2026-11-22T08:00:00.000000123Z"), fields, "k");
    }

    @Test
    void theTutorialReadingIsOnePointTaggedWithTopicAndLevels() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("temperature", 26.7);
        fields.put("count", 3L);
        fields.put("ok", true);
        fields.put("state", "say \"hi\" \\o/");
        assertThat(LineProtocol.line(reading("raspi/bme", fields), "bme")).isEqualTo(
                "bme,topic=raspi/bme,level1=raspi,level2=bme temperature=26.7,count=3i,ok=true,"
                        + "state=\"say \\\"hi\\\" \\\\o/\" 1795334400000000123");
    }

    @Test
    void namesAndTagsEscapeCommasSpacesAndEquals() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("a b=c,d", 1.0);
        assertThat(LineProtocol.line(reading("/x y/a=b,c//", fields), "m e,x=y"))
                .isEqualTo("m\\ e\\,x=y,topic=/x\\ y/a\\=b\\,c//,level2=x\\ y,level3=a\\=b\\,c a\\ b\\=c\\,d=1.0 "
                        + "1795334400000000123");
    }

    @Test
    void whatInfluxCannotStoreIsRefused() {
        assertThatThrownBy(() -> LineProtocol.line(reading("a", Map.of()), "m"))
                .hasMessage("a point needs at least one field");
        assertThatThrownBy(() -> LineProtocol.line(reading("a", Map.of("t", Double.NaN)), "m"))
                .hasMessage("field t is NaN, which InfluxDB cannot store");
        assertThatThrownBy(() -> LineProtocol.line(reading("a\nb", Map.of("t", 1.0)), "m"))
                .hasMessageContaining("line break");
    }
}
