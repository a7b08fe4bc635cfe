package io.tombo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ReportTest {
    @Test
    void jsonKeepsOrderNestsLatencyAndEscapesStrings() {
        Histogram h = new Histogram(1_000, Tally.MAX_NANOS, 3);
        h.recordValue(150_000);
        Report r = new Report().put("scenario", "p2p").put("received_per_s", 1000.5).put("sent", 10L)
                .put("seconds", 4.99996)
                .put("skipped", null).put("latency_us", Report.latency(h)).put("errors", List.of("a \"b\"\n"));
        assertThat(r.toJson()).startsWith("{\"scenario\":\"p2p\",\"received_per_s\":1000.5,\"sent\":10,\"seconds\":5,"
                + "\"latency_us\":{\"count\":1,\"mean\":")
                .endsWith("\"errors\":[\"a \\\"b\\\"\\n\"]}")
                .doesNotContain("skipped");
    }

    @Test
    void tableHasOneLinePerFigure() {
        String table = new Report().put("sent", 1234567L).put("errors", List.of()).toTable();
        assertThat(table).contains("sent    1,234,567").contains("errors  -");
    }

    @Test
    void emptyHistogramHasOnlyACount() {
        assertThat(Report.latency(new Histogram(1_000, Tally.MAX_NANOS, 3))).containsOnlyKeys("count");
    }
}
