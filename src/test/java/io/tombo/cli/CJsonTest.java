package io.tombo.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** cJSON 1.7.15's parser leniencies and printer rules, as mosquitto_sub's %J shows them. */
class CJsonTest {
    private static String reprint(String json) {
        CJson.Value v = CJson.parse(json.getBytes(StandardCharsets.UTF_8));
        return v == null ? null : new String(CJson.print(v, false), StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '~', value = {
        "1e5 ~ 100000",
        "2.50 ~ 2.5",
        "-0 ~ -0",
        "0.0 ~ 0",
        "5e-324 ~ 4.94065645841247e-324",
        "-2147483649 ~ -2147483649",
        "0.1 ~ 0.1",
        "1e300 ~ 1e+300",
        "1e-7 ~ 1e-07",
        "123456789012 ~ 123456789012",
        "3.141592653589793 ~ 3.1415926535897931",
        "01 ~ 1",
        "1e999 ~ null",
        "' [ 1 , true , null , false ] ' ~ [1,true,null,false]",
        "'{\"a\" : \"\\u00e9\\n\\/\"}' ~ '{\"a\":\"é\\n/\"}'",
        "'\"\\ud83d\\ude00\"' ~ '\"😀\"'",
    })
    void reprintsAsCJson(String in, String out) {
        assertThat(reprint(in)).isEqualTo(out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "nul", "1-2", "-", "[1,]", "{\"a\"}", "\"\\x\"", "'a'", "\"\\udc00\"", "{} x",
        ".5", "[1 2]"})
    void refusesWhatCJsonRefuses(String in) {
        assertThat(reprint(in)).isNull();
    }

    @Test
    void controlCharactersAreEscapedAsCJsonDoes() {
        byte[] s = {'"', 1, 8, 9, 10, 12, 13, 0x1f, '"', '\\', (byte) 0xC3, (byte) 0xA9};
        byte[] printed = CJson.print(CJson.string(s), false);
        assertThat(new String(printed, StandardCharsets.UTF_8))
                .isEqualTo("\"\\\"\\u0001\\b\\t\\n\\f\\r\\u001f\\\"\\\\é\"");
    }

    @Test
    void nulInsidePayloadIsNotJson() {
        assertThat(CJson.parse(new byte[] {'1', 0})).isNull();
    }

    @Test
    void formatGMatchesC() {
        assertThat(CJson.formatG(0.1 + 0.2, 15)).isEqualTo("0.3");
        assertThat(CJson.number(0.1 + 0.2)).isEqualTo("0.3"); // cJSON compares with a DBL_EPSILON tolerance
        assertThat(CJson.formatG(1234567.0, 3)).isEqualTo("1.23e+06");
        assertThat(CJson.formatG(0.0001, 15)).isEqualTo("0.0001");
        assertThat(CJson.formatG(0.00001, 15)).isEqualTo("1e-05");
    }
}
