package io.tombo.listener;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class StaticFilesTest {
    @TempDir
    Path base;

    private StaticFiles files() throws IOException {
        Path www = Files.createDirectories(base.resolve("www"));
        Files.writeString(www.resolve("index.html"), "home");
        Files.createDirectories(www.resolve("app"));
        Files.writeString(www.resolve("app/index.html"), "app");
        Files.writeString(base.resolve("secret"), "secret");
        Files.createSymbolicLink(www.resolve("link"), base.resolve("secret"));
        return new StaticFiles(www.toRealPath());
    }

    @Test
    void pathsInsideTheRootResolveAndDirectoriesMeanTheirIndex() throws IOException {
        StaticFiles f = files();
        Path root = base.resolve("www").toRealPath();
        assertThat(f.resolve("/")).isEqualTo(root.resolve("index.html"));
        assertThat(f.resolve("/app/")).isEqualTo(root.resolve("app/index.html"));
        assertThat(f.resolve("/app/../index.html?v=2#x")).isEqualTo(root.resolve("index.html"));
        assertThat(f.resolve("//index.html")).isEqualTo(root.resolve("index.html"));
    }

    @Test
    void pathsLeavingTheRootResolveToNothing() throws IOException {
        StaticFiles f = files();
        for (String uri : new String[] {"/../secret", "/%2e%2e/secret", "/app/../../secret", "/..%2Fsecret",
                "/link", "/%00", "/..\\secret", "/app/%2e%2e/%2e%2e/secret"}) {
            assertThat(f.resolve(uri)).as(uri).isNull();
        }
    }

    @Test
    void withoutHttpDirNothingResolves() {
        assertThat(new StaticFiles(null).resolve("/index.html")).isNull();
    }
}
