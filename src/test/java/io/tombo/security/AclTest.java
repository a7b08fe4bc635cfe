package io.tombo.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.tombo.security.Access.READ;
import static io.tombo.security.Access.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Mosquitto 2.0's ACL rules; AclIT checks the same files against the real Mosquitto. */
class AclTest {
    @TempDir
    Path dir;

    private Acl acl(String text) throws Exception {
        return AclFile.read(Files.writeString(dir.resolve("acl"), text));
    }

    @Test
    void topicLinesBeforeAnyUserAreForAnonymousClientsOnly() throws Exception {
        Acl acl = acl("topic read public/#\nuser alice\ntopic alice/#\n");

        assertThat(acl.allows(READ, "public/news", null, "c1")).isTrue();
        assertThat(acl.allows(WRITE, "public/news", null, "c1")).isFalse();
        assertThat(acl.allows(READ, "public/news", "alice", "c1")).isFalse();
        assertThat(acl.allows(WRITE, "alice/x", "alice", "c1")).isTrue(); // no access word: readwrite
        assertThat(acl.allows(READ, "alice/x", "bob", "c1")).isFalse();
    }

    @Test
    void denyWinsOverAGrantWhereverItStands() throws Exception {
        Acl acl = acl("user alice\ntopic readwrite alice/#\ntopic deny alice/secret\n");

        assertThat(acl.allows(READ, "alice/open", "alice", "c")).isTrue();
        assertThat(acl.allows(READ, "alice/secret", "alice", "c")).isFalse();
        assertThat(acl.allows(WRITE, "alice/secret", "alice", "c")).isFalse();
    }

    @Test
    void readAndWriteAreSeparate() throws Exception {
        Acl acl = acl("user u\ntopic read in/#\ntopic write out/#\n");

        assertThat(acl.allows(READ, "in/a", "u", "c")).isTrue();
        assertThat(acl.allows(WRITE, "in/a", "u", "c")).isFalse();
        assertThat(acl.allows(WRITE, "out/a", "u", "c")).isTrue();
        assertThat(acl.allows(READ, "out/a", "u", "c")).isFalse();
    }

    @Test
    void patternsSubstituteClientIdAndUsernameForEveryClient() throws Exception {
        Acl acl = acl("pattern readwrite clients/%c/#\npattern write users/%u/out\n");

        assertThat(acl.allows(WRITE, "clients/dev1/temp", "alice", "dev1")).isTrue();
        assertThat(acl.allows(WRITE, "clients/dev2/temp", "alice", "dev1")).isFalse();
        assertThat(acl.allows(WRITE, "users/alice/out", "alice", "dev1")).isTrue();
        assertThat(acl.allows(READ, "users/alice/out", "alice", "dev1")).isFalse();
        assertThat(acl.allows(WRITE, "clients/dev1/temp", null, "dev1")).isTrue(); // %c works for anonymous
        assertThat(acl.allows(WRITE, "users/%u/out", null, "dev1")).isFalse(); // %u patterns skip anonymous
    }

    @Test
    void wildcardsInClientIdOrUsernameNeverWidenAPattern() throws Exception {
        Acl acl = acl("pattern readwrite clients/%c/#\npattern readwrite users/%u/#\n");

        // substituted, "+" and "#" would match every other client's topics
        assertThat(acl.allows(READ, "clients/victim/x", "alice", "+")).isFalse();
        assertThat(acl.allows(READ, "clients/victim/x", "alice", "#")).isFalse();
        assertThat(acl.allows(READ, "users/victim/x", "+", "c")).isFalse();
        assertThat(acl.allows(READ, "users/victim/x", "a#", "c")).isFalse();
        // even their own literal topic: Mosquitto refuses such clients every pattern
        assertThat(acl.allows(READ, "users/+/x", "+", "c")).isFalse();
    }

    @Test
    void userRulesArePassedBeforePatterns() throws Exception {
        Acl acl = acl("user alice\ntopic read a/#\npattern deny a/%c\n");

        assertThat(acl.allows(READ, "a/c1", "alice", "c1")).isTrue(); // Mosquitto: the user's grant decides first
        assertThat(acl.allows(READ, "a/c1", "bob", "c1")).isFalse();
    }

    @Test
    void dollarTopicsNeedARuleThatNamesThem() throws Exception {
        Acl acl = acl("user admin\ntopic read #\ntopic read $SYS/broker/#\n");

        assertThat(acl.allows(READ, "anything", "admin", "c")).isTrue();
        assertThat(acl.allows(READ, "$SYS/broker/uptime", "admin", "c")).isTrue();
        assertThat(acl.allows(READ, "$SYS/other", "admin", "c")).isFalse();
    }

    @Test
    void noMatchingRuleMeansDenied() throws Exception {
        assertThat(acl("# nothing\n").allows(READ, "a", "u", "c")).isFalse();
    }

    @Test
    void aLoneWordAfterTopicIsTheTopicItself() throws Exception {
        Acl acl = acl("topic read\n");
        assertThat(acl.allows(WRITE, "read", null, "c")).isTrue();
    }

    @Test
    void badLinesAreReportedWithFileAndLine() {
        assertThatThrownBy(() -> acl("topic read a\ntopic wrte a/b\n"))
                .hasMessage(dir.resolve("acl") + ":2: access must be read, write, readwrite or deny, not 'wrte'");
        assertThatThrownBy(() -> acl("\nuser\n")).hasMessage(dir.resolve("acl") + ":2: user needs a username");
        assertThatThrownBy(() -> acl("topic read a/#/b\n"))
                .hasMessage(dir.resolve("acl") + ":1: invalid topic filter 'a/#/b'");
        assertThatThrownBy(() -> acl("allow all\n"))
                .hasMessage(dir.resolve("acl") + ":1: expected topic, pattern or user, not 'allow'");
        assertThatThrownBy(() -> acl("pattern\n")).hasMessage(dir.resolve("acl") + ":1: pattern needs a topic filter");
    }
}
