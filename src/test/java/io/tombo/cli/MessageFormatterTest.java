package io.tombo.cli;

import io.tombo.codec.Properties;
import io.tombo.codec.Property;
import io.tombo.codec.Publish;
import io.tombo.codec.QoS;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The output of {@code -F}, {@code -v}, {@code -N}. Expected strings were printed by Debian's mosquitto_sub 2.0.11
 * for the same message (published with the same properties in the same order), with the clock fixed.
 */
class MessageFormatterTest {
    private static final Instant AT = Instant.parse("2020-05-06T21:48:00.123456789Z");
    private static final byte[] JSON = "{\"k\":[1,2.5e3,\"é\"]}".getBytes(StandardCharsets.UTF_8);
    private static final Properties V5 = Properties.builder()
            .put(Property.PAYLOAD_FORMAT_INDICATOR, 1)
            .put(Property.CONTENT_TYPE, "text/json")
            .put(Property.RESPONSE_TOPIC, "re/sp")
            .put(Property.CORRELATION_DATA, "cor".getBytes(StandardCharsets.UTF_8))
            .userProperty("a", "b")
            .userProperty("a", "c")
            .build();
    private static final Publish MESSAGE = new Publish("fmt/abc", QoS.AT_MOST_ONCE, false, false, 0, V5, JSON);

    private final List<String> errors = new ArrayList<>();

    private String format(String format, Publish m) {
        return format(format, m, ZoneId.of("UTC"), false);
    }

    private String format(String format, Publish m, ZoneId zone, boolean pretty) {
        MessageFormatter f = new MessageFormatter(format, false, true, pretty, InstantSource.fixed(AT), zone,
                errors::add);
        return new String(f.render(m), StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '~', quoteCharacter = '`', value = {
        "%t|%5t|%-5t|%.2t|%8.3t|%-8.3t ~ `fmt/abc|fmt/abc|fmt/abc|fm|     fmt|fmt     `",
        "%p|%10p|%-10p|%3p|%010p|%-p| ~ {\"k\":[1,2.5e3,\"é\"]}|{\"k\":[1,2.|{\"k\":[1,2.|{\"k|{\"k\":[1,2.|"
            + "{\"k\":[1,2.5e3,\"é\"]}                    |",
        "%x|%X|%10x|%-10x|%4x|%010X ~ 7b226b223a5b312c322e3565332c22c3a9225d7d|"
            + "7B226B223A5B312C322E3565332C22C3A9225D7D|7b226b223a|7b226b223a|7b22|7B226B223A",
        "%l|%5l|%-5l|%05l|%m|%q|%r|%% ~ 20|   20|20   |00020|0|0|0|%",
        "%A|%5A|%05A|%C|%6C|%-6C.|%D|%E|%8E|%F|%P|%R|%S|%5S ~ "
            + "`|     |00000|text/json|text/json|text/json.|cor||        |1|a:b a:c|re/sp||     `",
    })
    void percentCodesPrintAsMosquittoSub(String format, String expected) {
        assertThat(format(format, MESSAGE)).isEqualTo(expected + "\n");
    }

    @Test
    void escapesWriteControlCharacters() {
        assertThat(format("\\\\|\\0|\\a|\\e|\\n|\\r|\\t|\\v|@@", MESSAGE))
                .isEqualTo("\\|\0|\u0007|\u001b|\n|\r|\t|\u000b|@\n");
    }

    @Test
    void timeCodesUseTheLocalZone() {
        assertThat(format("%I|%U|@Y-@m-@d @H:@M:@S.@N|@s|@z|@Z", MESSAGE, ZoneId.of("Asia/Tokyo"), false))
                .isEqualTo("2020-05-07T06:48:00+0900|1588801680.123456789|2020-05-07 06:48:00.123456789"
                        + "|1588801680|+0900|JST\n");
        assertThat(format("@a @A @b @B @e @j @p @I @u @w @y @C @D @F @T @R @%", MESSAGE))
                .isEqualTo("Wed Wednesday May May  6 127 PM 09 3 3 20 20 05/06/20 2020-05-06 21:48:00 21:48 %\n");
    }

    @Test
    void jsonWithEscapedPayload() {
        assertThat(format("%j", MESSAGE)).isEqualTo("{\"tst\":\"2020-05-06T21:48:00.123456Z+0000\",\"topic\":"
                + "\"fmt/abc\",\"qos\":0,\"retain\":0,\"payloadlen\":20,\"properties\":{\"payload-format-indicator\":1,"
                + "\"content-type\":\"text/json\",\"response-topic\":\"re/sp\",\"correlation-data\":\"cor\","
                + "\"user-properties\":{\"a\":\"b\",\"a\":\"c\"}},\"payload\":\"{\\\"k\\\":[1,2.5e3,\\\"é\\\"]}\"}\n");
    }

    @Test
    void jsonWithJsonPayloadReprintsItAsCJson() {
        assertThat(format("%J", MESSAGE)).endsWith(",\"payload\":{\"k\":[1,2500,\"é\"]}}\n");
    }

    @Test
    void jsonOfQos1RetainedMessageWithoutPropertiesHasMid() {
        Publish m = new Publish("a", QoS.AT_LEAST_ONCE, true, false, 7, Properties.EMPTY, new byte[] {'x', 0, 'y'});
        assertThat(format("%j", m)).isEqualTo("{\"tst\":\"2020-05-06T21:48:00.123456Z+0000\",\"topic\":\"a\","
                + "\"qos\":1,\"retain\":1,\"payloadlen\":3,\"mid\":7,\"payload\":\"x\"}\n");
    }

    @Test
    void emptyPayloadIsNullInJson() {
        Publish m = new Publish("a", QoS.AT_MOST_ONCE, false, false, 0, Properties.EMPTY, new byte[0]);
        assertThat(format("%J", m)).endsWith("\"payloadlen\":0,\"payload\":null}\n");
    }

    @Test
    void jsonPayloadThatIsNotJsonIsReportedOnStderr() {
        Publish m = new Publish("a/b", QoS.AT_MOST_ONCE, false, false, 0, Properties.EMPTY,
                "not json".getBytes(StandardCharsets.UTF_8));
        assertThat(format("%J|", m)).isEqualTo("|\n");
        assertThat(errors).containsExactly("Error: Message payload is not valid JSON on topic a/b.\n");
    }

    @Test
    void prettyJsonIsCJsonFormatted() {
        Publish m = new Publish("t", QoS.AT_MOST_ONCE, false, false, 0, Properties.builder().userProperty("k", "v")
                .build(), "{\"a\":[1,{}],\"b\":{}}".getBytes(StandardCharsets.UTF_8));
        assertThat(format("%J", m, ZoneId.of("UTC"), true)).isEqualTo("""
                {
                \t"tst":\t"2020-05-06T21:48:00.123456Z+0000",
                \t"topic":\t"t",
                \t"qos":\t0,
                \t"retain":\t0,
                \t"payloadlen":\t19,
                \t"properties":\t{
                \t\t"user-properties":\t{
                \t\t\t"k":\t"v"
                \t\t}
                \t},
                \t"payload":\t{
                \t\t"a":\t[1, {
                \t\t\t}],
                \t\t"b":\t{
                \t\t}
                \t}
                }
                """);
    }

    @Test
    void verboseAndPlainOutput() {
        Publish m = new Publish("a/b", QoS.AT_MOST_ONCE, false, false, 0, Properties.EMPTY,
                "hi".getBytes(StandardCharsets.UTF_8));
        Publish empty = new Publish("a/b", QoS.AT_MOST_ONCE, false, false, 0, Properties.EMPTY, new byte[0]);
        assertThat(render(null, true, true, m)).isEqualTo("a/b hi\n");
        assertThat(render(null, true, true, empty)).isEqualTo("a/b (null)\n");
        assertThat(render(null, true, false, empty)).isEmpty();
        assertThat(render(null, false, true, m)).isEqualTo("hi\n");
        assertThat(render(null, false, true, empty)).isEmpty();
        assertThat(render(null, false, false, m)).isEqualTo("hi");
        assertThat(render("%t", false, false, m)).isEqualTo("a/b");
    }

    private static String render(String format, boolean verbose, boolean eol, Publish m) {
        MessageFormatter f = new MessageFormatter(format, verbose, eol, false, InstantSource.fixed(AT),
                ZoneId.of("UTC"), s -> { });
        return new String(f.render(m), StandardCharsets.UTF_8);
    }

    @Test
    void binaryPayloadIsWrittenRaw() {
        byte[] payload = {0, (byte) 0xFF, 10, (byte) 0x80};
        Publish m = new Publish("b", QoS.AT_MOST_ONCE, false, false, 0, Properties.EMPTY, payload);
        MessageFormatter f = new MessageFormatter(null, false, true, false, InstantSource.fixed(AT),
                ZoneId.of("UTC"), s -> { });
        assertThat(f.render(m)).containsExactly(0, 0xFF, 10, 0x80, 10);
    }
}
