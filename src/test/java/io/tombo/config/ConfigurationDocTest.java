package io.tombo.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/configuration.md carries the directive table generated from {@link Directives}; this test keeps them equal.
 * Run with {@code -Dtombo.updateDocs=true} to rewrite the table in the document after changing the directive table.
 */
class ConfigurationDocTest {
    private static final Path DOC = Path.of("docs/configuration.md");

    @Test
    void documentListsEveryDirectiveOfTheTable() throws IOException {
        String doc = Files.readString(DOC);
        int begin = doc.indexOf(DirectiveDoc.BEGIN);
        int end = doc.indexOf(DirectiveDoc.END);
        assertThat(begin).as("table markers in " + DOC).isNotNegative();
        assertThat(end).isGreaterThan(begin);
        String current = doc.substring(begin, end + DirectiveDoc.END.length() + 1);
        String generated = DirectiveDoc.markdownTable();
        if (Boolean.getBoolean("tombo.updateDocs")) {
            Files.writeString(DOC, doc.replace(current, generated));
            current = generated;
        }
        assertThat(current).as("regenerate with -Dtombo.updateDocs=true").isEqualTo(generated);
    }
}
