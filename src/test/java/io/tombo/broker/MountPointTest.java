package io.tombo.broker;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MountPointTest {
    private final MountPoint mount = MountPoint.of("tenant/");

    @Test
    void topicsAndFiltersGetThePrefixAndLoseItOnTheWayOut() {
        assertThat(mount.topic("a/b")).isEqualTo("tenant/a/b");
        assertThat(mount.filter("#")).isEqualTo("tenant/#");
        assertThat(mount.filter("$SYS/#")).isEqualTo("tenant/$SYS/#");
        assertThat(mount.strip("tenant/a/b")).isEqualTo("a/b");
    }

    @Test
    void sharedSubscriptionKeepsItsShareNameInFront() {
        assertThat(mount.filter("$share/g/a/+")).isEqualTo("$share/g/tenant/a/+");
    }

    @Test
    void noMountPointChangesNothing() {
        assertThat(MountPoint.of(null).isNone()).isTrue();
        assertThat(MountPoint.of("").filter("$share/g/x")).isEqualTo("$share/g/x");
        assertThat(MountPoint.NONE.strip("a")).isEqualTo("a");
    }
}
