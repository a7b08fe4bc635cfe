package io.tombo;

import io.tombo.conformance.Citation;
import io.tombo.conformance.CitationScanner;
import io.tombo.conformance.ConformanceDoc;
import io.tombo.conformance.SpecVersion;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/conformance.md maps each numbered statement of MQTT 3.1.1 and 5.0 to the main code and the tests that cite
 * it; this test keeps the document equal to the sources and refuses citations that name no statement.
 * Run with {@code -Dtombo.updateDocs=true} to rewrite the generated part of the document.
 */
class ConformanceDocTest {
    private static final Path DOC = Path.of("docs/conformance.md");
    private static final Path PROJECT = Path.of("");
    /** This test and its helpers talk about citations without making any. */
    private static final List<String> SKIP = List.of("io/tombo/ConformanceDocTest.java", "io/tombo/conformance/");
    private static final Pattern ID = Pattern.compile("MQTT-\\d+\\.\\d+\\.\\d+-\\d+");

    private static ConformanceDoc scan() {
        return new ConformanceDoc(
                CitationScanner.scan(PROJECT, Path.of("src/main/java"), false, SKIP),
                CitationScanner.scan(PROJECT, Path.of("src/test/java"), true, SKIP));
    }

    @Test
    void statementListsHoldWellFormedIds() {
        for (SpecVersion v : SpecVersion.values()) {
            assertThat(v.statements().keySet()).as("ids of MQTT " + v.label()).allMatch(id -> ID.matcher(id).matches());
        }
        assertThat(SpecVersion.V3_1_1.statements()).hasSize(141);
        assertThat(SpecVersion.V5_0.statements()).hasSize(251);
    }

    @Test
    void everyCitationNamesAStatement() {
        List<String> bad = scan().unknown().stream()
                .map(c -> c.location() + " " + c.text() + ": " + c.problem()).toList();
        assertThat(bad).as("citations must be [MQTT-x.y.z-n] with an id of the 3.1.1 or 5.0 list; "
                + "pin a version with (3.1.1) or (5.0) right after the citation").isEmpty();
    }

    @Test
    void documentMatchesTheSources() throws IOException {
        String doc = Files.readString(DOC);
        int begin = doc.indexOf(ConformanceDoc.BEGIN);
        int end = doc.indexOf(ConformanceDoc.END);
        assertThat(begin).as("generated-part markers in " + DOC).isNotNegative();
        assertThat(end).isGreaterThan(begin);
        String current = doc.substring(begin, end + ConformanceDoc.END.length() + 1);
        String generated = scan().markdown();
        if (Boolean.getBoolean("tombo.updateDocs")) {
            Files.writeString(DOC, doc.replace(current, generated));
            current = generated;
        }
        assertThat(current).as("regenerate with -Dtombo.updateDocs=true").isEqualTo(generated);
    }
}
